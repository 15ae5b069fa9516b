// The message catalogs at run time: the compiled zh_CN catalog of this build, switched live.
#include "present/translate.h"

#include <gtest/gtest.h>

#include "present/catalog_search.h"
#include "present/call_why_text.h"
#include "present/event_sentence.h"
#include "present/phrase.h"
#include "present/segment_label.h"
#include "present/timer_label.h"

namespace tcplab::present {
namespace {

using std::chrono::milliseconds;

// Every test starts and ends in English: the language is the process's.
class Translate : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::vector<std::string> problems = load_catalogs(TCPLAB_TEST_LOCALE_DIR);
    ASSERT_TRUE(problems.empty()) << problems.front();
    set_language(kEnglish);
  }
  void TearDown() override { set_language(kEnglish); }
};

TEST_F(Translate, EnglishIsTheMsgidItself) {
  EXPECT_EQ(language(), "en");
  EXPECT_EQ(tr(std::string_view("cancelled")), "cancelled");
  EXPECT_STREQ(tr("Timeline"), "Timeline");
}

TEST_F(Translate, ChineseComesFromTheCompiledCatalog) {
  set_language(kChinese);
  EXPECT_EQ(language(), "zh");
  EXPECT_EQ(tr(std::string_view("cancelled")), "已取消");
  EXPECT_EQ(tr(std::string_view("retransmit")), "重传");
  EXPECT_EQ(tr(std::string_view("LOST")), "丢失");
  EXPECT_EQ(tr(std::string_view("later")), "后");
  EXPECT_STREQ(tr("Timeline"), "时间线");
  EXPECT_STREQ(tr("Address already in use"), "地址已在使用");
  // State names and tcpdump words stay as they are.
  EXPECT_EQ(tr(std::string_view("TIME-WAIT")), "TIME-WAIT");
  EXPECT_EQ(tr(std::string_view("seq")), "seq");
}

TEST_F(Translate, SwitchingBackAndForthTakesEffectAtOnce) {
  for (int round = 0; round < 2; ++round) {
    set_language(kChinese);
    EXPECT_STREQ(tr("Play"), "播放");
    set_language(kEnglish);
    EXPECT_STREQ(tr("Play"), "Play");
  }
}

TEST_F(Translate, AnUnknownLanguageOrMsgidShowsEnglish) {
  set_language("fr");
  EXPECT_EQ(language(), "en");
  EXPECT_STREQ(tr("Play"), "Play");
  set_language(kChinese);
  EXPECT_STREQ(tr("no such message in any catalog"), "no such message in any catalog");
  EXPECT_STREQ(tr(""), "");  // the catalog's header is not a message
}

TEST_F(Translate, TheLabelsAndSentencesSpeakChinese) {
  SegmentEvent s;
  s.from = "server";
  s.to = "client";
  s.segment.flags = TcpFlag::Fin | TcpFlag::Ack;
  s.rel_seq = 1;
  s.rel_ack = 2;
  s.retransmission = true;
  s.fate = SegmentFate::Dropped;
  set_language(kChinese);
  EXPECT_EQ(segment_label(s), "F. seq 1 ack 2（重传）");
  EXPECT_EQ(segment_sentence(s), "server 向 client 发送 F. seq 1 ack 2（重传）；丢失");

  TimerEvent t;
  t.endpoint = "client#1";
  t.timer = TimerKind::TimeWait;
  t.action = TimerAction::Armed;
  t.deadline = kTimeZero + milliseconds(60'110);
  EXPECT_EQ(timer_sentence(t, kTimeZero + milliseconds(146)),
            "client#1：TIME-WAIT定时器已启动，60 s 后触发（于 60.11 s）");
  EXPECT_EQ(timer_span_label({TimerKind::Retransmit, 1, milliseconds(440), TimerEnding::Cancelled,
                              std::nullopt}),
            "重传 #2 440 ms，已取消");
  set_language(kEnglish);
  EXPECT_EQ(segment_label(s), "F. seq 1 ack 2 (retransmit)");
}

// A status line made in one language and shown after a switch speaks the new one.
TEST_F(Translate, APhraseIsWordedWhenShownNotWhenMade) {
  Phrase status = Phrase::filled(N_("wrote {0}"), {Phrase::verbatim("run.pcap")});
  status += Phrase::of(N_("; the kernel run stopped early"));
  EXPECT_EQ(status.text(), "wrote run.pcap; the kernel run stopped early");
  set_language(kChinese);
  EXPECT_EQ(status.text(), "已写入 run.pcap；内核运行提前停止");
  set_language(kEnglish);
  EXPECT_EQ(Phrase::of(N_("re-ran the lesson")).text(), "re-ran the lesson");
  // Verbatim text (an error message, a file name) is never looked up.
  set_language(kChinese);
  EXPECT_EQ(Phrase::verbatim("re-ran the lesson").text(), "re-ran the lesson");
  EXPECT_TRUE(Phrase().empty());
  EXPECT_TRUE(Phrase::verbatim("").empty());
}

// A call's reason is data in the trace and words only here, in either language.
TEST_F(Translate, ACallsReasonIsWordedInTheReadersLanguage) {
  const BindConflict two{BindConflict::Holder::TimeWait,
                         {Ipv4{0x7f000002}, 5551},
                         2,
                         BindConflict::Rule::ThatSocketHasNoReuse};
  NoteEvent note;
  note.host = "server";
  note.call = "bind";
  note.why = {.why = CallWhy::PortHeld, .conflict = two};
  EXPECT_EQ(note_sentence(note),
            "server: bind(): held by 2 connections in TIME-WAIT on 127.0.0.2:5551 (their socket "
            "had no SO_REUSEADDR)");
  CallNote unread{.why = CallWhy::UnreadDataReset, .count = 5};
  EXPECT_EQ(call_why_text(unread, "server"), "5 unread bytes discarded: connection reset");
  set_language(kChinese);
  EXPECT_EQ(note_sentence(note),
            "server: bind(): 被 127.0.0.2:5551 上 2 个处于 TIME-WAIT 的连接占用（它们的套接字没有设置 "
            "SO_REUSEADDR）");
  EXPECT_EQ(call_why_text(unread, "server"), "5 字节未读数据被丢弃：连接被重置");
}

// Words stored in both languages at once are looked up in each, whatever the current one is.
TEST_F(Translate, TrInNamesItsLanguage) {
  EXPECT_EQ(tr_in(kChinese, "re-ran the lesson"), "已重新运行课程");
  set_language(kChinese);
  EXPECT_EQ(tr_in(kEnglish, "re-ran the lesson"), "re-ran the lesson");
  EXPECT_EQ(tr_in("fr", "re-ran the lesson"), "re-ran the lesson");
}

TEST(Fill, NumberedPlaceholdersMayBeReordered) {
  EXPECT_EQ(fill("{0} sends {1} to {2}", {"server", "F.", "client"}), "server sends F. to client");
  EXPECT_EQ(fill("{0} 向 {2} 发送 {1}", {"server", "F.", "client"}), "server 向 client 发送 F.");
  EXPECT_EQ(fill("{0} and {3}", {"a"}), "a and {3}");  // no argument: left as written
  EXPECT_EQ(fill("{x} {", {"a"}), "{x} {");
}

TEST(CatalogSearch, InstalledThenBesideTheBinaryThenThisBuild) {
  CatalogSearch search;
  search.executable = "/opt/tcplab/bin/tcplab-gui";
  search.build_tree = "/src/build/default/locale";
  EXPECT_EQ(catalog_search_path(search),
            (std::vector<std::filesystem::path>{"/opt/tcplab/share/tcplab/locale",
                                                "/opt/tcplab/bin/locale",
                                                "/src/build/default/locale"}));
  search.env = "/elsewhere";
  EXPECT_EQ(catalog_search_path(search), std::vector<std::filesystem::path>{"/elsewhere"});
  EXPECT_EQ(find_catalog_dir(search), std::filesystem::path("/elsewhere"));
}

TEST(CatalogSearch, FindsThisBuildsCatalog) {
  CatalogSearch search;
  search.build_tree = TCPLAB_TEST_LOCALE_DIR;
  EXPECT_EQ(find_catalog_dir(search), std::filesystem::path(TCPLAB_TEST_LOCALE_DIR));
  search.build_tree = "/nonexistent";
  EXPECT_EQ(find_catalog_dir(search), std::nullopt);
}

}  // namespace
}  // namespace tcplab::present
