#include "export/json_line.h"

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "export/jsonl.h"
#include "sample_traces.h"

namespace tcplab {
namespace {

// What the document parser makes of `line` (an object), as fields.
JsonLine from_document(const std::string& line) {
  JsonLine out;
  out.read_document(nlohmann::json::parse(line));
  return out;
}

// `flat` and `document` hold the same value under every key of `line`.
void expect_same_fields(const JsonLine& flat, const JsonLine& document, const std::string& line) {
  const nlohmann::json parsed = nlohmann::json::parse(line);
  for (const auto& [key, unused] : parsed.items()) {
    const JsonValue* a = flat.find(key);
    const JsonValue* b = document.find(key);
    ASSERT_TRUE(a && b) << key << " in " << line;
    EXPECT_EQ(a->kind, b->kind) << key << " in " << line;
    EXPECT_EQ(a->text, b->text) << key << " in " << line;
    EXPECT_EQ(a->number, b->number) << key << " in " << line;
    ASSERT_EQ(a->count, b->count) << key << " in " << line;
    for (std::size_t i = 0; i < a->count; ++i) {
      EXPECT_EQ(flat.items(*a)[i].kind, document.items(*b)[i].kind) << key << " in " << line;
      EXPECT_EQ(flat.items(*a)[i].text, document.items(*b)[i].text) << key << " in " << line;
      EXPECT_EQ(flat.items(*a)[i].number, document.items(*b)[i].number) << key << " in " << line;
    }
  }
}

// Every line tcplab writes is read by the one-pass reader, to the same fields the document
// parser gives: the lessons' golden traces (the model), the kernel recordings (Chinese words,
// warnings) and the export samples (hex payloads, verdicts). A header with typed warnings is the
// one line left to the document parser.
TEST(JsonLine, EveryLineTcplabWritesIsReadFlatAsTheDocumentParserReadsIt) {
  std::vector<std::string> texts;
  for (const Trace& t : {samples::four_way_close(), samples::lost_last_ack(), samples::rst_close(),
                         samples::refused()}) {
    texts.push_back(to_jsonl(t));
  }
  const std::filesystem::path root(TCPLAB_SOURCE_DIR);
  for (const char* folder : {"tests/lessons/golden", "recordings"}) {
    for (const auto& entry : std::filesystem::directory_iterator(root / folder)) {
      if (entry.path().extension() != ".jsonl") continue;
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      texts.push_back(text.str());
    }
  }
  ASSERT_GT(texts.size(), 10u);
  std::size_t lines = 0;
  for (const std::string& text : texts) {
    std::istringstream in(text);
    bool header = true;
    for (std::string line; std::getline(in, line);) {
      JsonLine flat;
      if (header) {
        header = false;
        // The header's typed warnings (version 4) are objects in a list: the reader takes the
        // header, one line per file, as a document (read_jsonl), and only for that reason.
        if (!flat.parse_flat(line)) {
          EXPECT_NE(line.find(R"({"pattern":)"), std::string::npos) << line;
          continue;
        }
      } else {
        ASSERT_TRUE(flat.parse_flat(line)) << line;
      }
      expect_same_fields(flat, from_document(line), line);
      ++lines;
    }
  }
  EXPECT_GT(lines, 1000u);
}

TEST(JsonLine, NumbersAsTheDocumentParserTellsThemApart) {
  const std::string line =
      R"({"zero":0,"max":18446744073709551615,"negative":-12,"min":-9223372036854775808,)"
      R"("minus_zero":-0,"yes":true,"no":false,"none":null,"list":[1,"two",[]],"empty":[]})";
  JsonLine flat;
  // A list inside a list is not a trace's: left to the document parser.
  ASSERT_FALSE(flat.parse_flat(line));
  const std::string flat_line =
      R"({"zero":0,"max":18446744073709551615,"negative":-12,"min":-9223372036854775808,)"
      R"("minus_zero":-0,"yes":true,"no":false,"none":null,"list":[1,"two"],"empty":[ ]})";
  ASSERT_TRUE(flat.parse_flat(flat_line));
  expect_same_fields(flat, from_document(flat_line), flat_line);
  EXPECT_EQ(flat.find("negative")->as_signed(), -12);
  EXPECT_EQ(flat.find("min")->kind, JsonValue::Kind::Integer);
  EXPECT_EQ(flat.find("max")->number, 18446744073709551615u);
  EXPECT_EQ(flat.find("none")->kind, JsonValue::Kind::Null);
  EXPECT_EQ(flat.items(*flat.find("list"))[1].text, "two");
  EXPECT_EQ(flat.find("empty")->count, 0u);
  EXPECT_EQ(flat.find("absent"), nullptr);
}

TEST(JsonLine, ARepeatedKeyKeepsItsLastValueAsTheDocumentParserDoes) {
  const std::string line = R"({"type":"note","t_ns":1,"t_ns":2})";
  JsonLine flat;
  ASSERT_TRUE(flat.parse_flat(line));
  EXPECT_EQ(flat.find("t_ns")->number, 2u);
  EXPECT_EQ(from_document(line).find("t_ns")->number, 2u);
}

// Escapes are resolved as the document parser resolves them (a payload "hello\n").
TEST(JsonLine, EscapesAreResolvedAsTheDocumentParserResolvesThem) {
  const std::string line =
      R"({"payload":"hello\n","q\"k":"\"\\\/\b\f\r\t","u":"\u00e9\u4e2d\u0041","plain":"x"})";
  JsonLine flat;
  ASSERT_TRUE(flat.parse_flat(line));
  expect_same_fields(flat, from_document(line), line);
  EXPECT_EQ(flat.find("payload")->text, "hello\n");
  EXPECT_EQ(flat.find("u")->text,
            "\u00e9\u4e2d"
            "A");
  EXPECT_EQ(flat.find("q\"k")->text, "\"\\/\b\f\r\t");
}

// What the one-pass reader leaves to the document parser: surrogate pairs, fractions, objects
// inside the line, numbers past 64 bits, and anything that is not JSON (whose error the parser
// words).
TEST(JsonLine, WhatItDoesNotTakeIsLeftToTheDocumentParser) {
  for (const std::string line : {R"({"text":"\ud83d\ude00"})",
                                 R"({"text":"\x"})",
                                 R"({"text":"\u12"})",
                                 R"({"t":1.5})",
                                 R"({"t":1e3})",
                                 R"({"o":{"a":1}})",
                                 R"({"t":01})",
                                 R"({"t":18446744073709551616})",
                                 R"({"t":-9223372036854775809})",
                                 "{\"text\":\"\xC0\x80\"}",
                                 "{\"text\":\"\xED\xA0\x80\"}",
                                 "{\"text\":\"tab\there\"}",
                                 R"({"t":1} x)",
                                 R"({"t":1,})",
                                 R"({"t" 1})",
                                 R"([1,2])",
                                 R"({"t":tru})",
                                 R"({"t":-})",
                                 R"({"t":1)",
                                 ""}) {
    JsonLine flat;
    EXPECT_FALSE(flat.parse_flat(line)) << line;
  }
  // And the document parser's reading of them: what is not a scalar is marked.
  const JsonLine escaped = from_document(R"({"text":"say \"hi\"\n","o":{"a":1},"t":1.5})");
  EXPECT_EQ(escaped.find("text")->text, "say \"hi\"\n");
  EXPECT_EQ(escaped.find("o")->kind, JsonValue::Kind::Other);
  EXPECT_EQ(escaped.find("t")->kind, JsonValue::Kind::Other);
  // Well-formed UTF-8 (Chinese, 4-byte sequences) is read in one pass.
  JsonLine chinese;
  ASSERT_TRUE(
      chinese.parse_flat("{\"fault_zh\":\"丢弃客户端最后的 ACK\",\"e\":\"\xF0\x9F\x98\x80\"}"));
  EXPECT_EQ(chinese.find("fault_zh")->text, "丢弃客户端最后的 ACK");
}

// Whatever the one-pass reader takes, the document parser takes too, to the same fields: real
// lines with bytes changed, dropped and doubled (a fixed seed, so a failure repeats).
TEST(JsonLine, ALineTheOnePassReaderTakesIsOneTheDocumentParserReadsTheSame) {
  const std::string text = to_jsonl(samples::lost_last_ack());
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  const std::string alphabet = "{}[]\":,-0123456789.eE tfnul\\xa\x80\xC3\xA9";
  std::mt19937 random(11);
  std::size_t taken = 0, refused = 0;
  for (int round = 0; round < 20'000; ++round) {
    std::string line = lines[random() % lines.size()];
    for (int edits = 1 + static_cast<int>(random() % 3); edits > 0; --edits) {
      const std::size_t at = random() % line.size();
      switch (random() % 3) {
        case 0:
          line[at] = alphabet[random() % alphabet.size()];
          break;
        case 1:
          line.erase(at, 1);
          break;
        default:
          line.insert(at, 1, line[at]);
          break;
      }
      if (line.empty()) line = "{";
    }
    JsonLine flat;
    if (!flat.parse_flat(line)) {
      ++refused;
      continue;
    }
    ++taken;
    nlohmann::json document;
    ASSERT_NO_THROW(document = nlohmann::json::parse(line)) << line;
    ASSERT_TRUE(document.is_object()) << line;
    expect_same_fields(flat, from_document(line), line);
  }
  EXPECT_GT(taken, 1000u);  // both kinds were tried
  EXPECT_GT(refused, 1000u);
}

// read_jsonl reads a line with escapes through the document parser, to the same event.
TEST(JsonLine, ALineWithEscapesReadsBackThroughTheDocumentParser) {
  std::istringstream in(R"({"type":"trace","version":3,"hosts":["a"]})"
                        "\n"
                        R"({"t_ns":5,"type":"note","host":"a","text":"quote \" and\nline"})"
                        "\n");
  const Trace back = read_jsonl(in, "t.jsonl");
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(get<NoteEvent>(back.events()[0].body).text, "quote \" and\nline");
  EXPECT_EQ(back.hosts, std::vector<std::string>{"a"});
}

}  // namespace
}  // namespace tcplab
