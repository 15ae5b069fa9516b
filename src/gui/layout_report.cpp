#include "gui/layout_report.h"

#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace tcplab::gui {

namespace {

using OrderedJson = nlohmann::ordered_json;

OrderedJson rect_json(const PixelRect& r) { return OrderedJson::array({r.x0, r.y0, r.x1, r.y1}); }

PixelRect rect_from(const nlohmann::json& j, const char* key) {
  const auto& a = j.at(key);
  if (!a.is_array() || a.size() != 4) {
    throw std::runtime_error(std::string("layout report: '") + key +
                             "' is not [x0, y0, x1, y1]");
  }
  return {a[0].get<float>(), a[1].get<float>(), a[2].get<float>(), a[3].get<float>()};
}

std::string rect_text(const PixelRect& r) {
  std::ostringstream out;
  out << "[" << r.x0 << "," << r.y0 << " - " << r.x1 << "," << r.y1 << "]";
  return out.str();
}

}  // namespace

bool overlaps(const PixelRect& a, const PixelRect& b, float tolerance_px) {
  return a.x0 + tolerance_px < b.x1 && b.x0 + tolerance_px < a.x1 && a.y0 + tolerance_px < b.y1 &&
         b.y0 + tolerance_px < a.y1;
}

bool contains(const PixelRect& outer, const PixelRect& inner, float tolerance_px) {
  return inner.x0 >= outer.x0 - tolerance_px && inner.y0 >= outer.y0 - tolerance_px &&
         inner.x1 <= outer.x1 + tolerance_px && inner.y1 <= outer.y1 + tolerance_px;
}

std::string to_json(const LayoutReport& report) {
  OrderedJson j;
  j["width"] = report.width;
  j["height"] = report.height;
  OrderedJson texts = OrderedJson::array();
  for (const LayoutText& t : report.texts) {
    OrderedJson e;
    e["text"] = t.text;
    e["rect"] = rect_json(t.rect);
    e["panel"] = t.panel;
    e["panel_rect"] = rect_json(t.panel_rect);
    e["clip"] = rect_json(t.clip);
    e["font_px"] = t.font_px;
    texts.push_back(std::move(e));
  }
  j["texts"] = std::move(texts);
  return j.dump(1) + "\n";
}

LayoutReport layout_report_from_json(std::string_view json) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(json);
  } catch (const nlohmann::json::parse_error& e) {
    throw std::runtime_error(std::string("layout report: not JSON: ") + e.what());
  }
  try {
    LayoutReport report;
    report.width = j.at("width").get<int>();
    report.height = j.at("height").get<int>();
    for (const auto& e : j.at("texts")) {
      LayoutText t;
      t.text = e.at("text").get<std::string>();
      t.rect = rect_from(e, "rect");
      t.panel = e.at("panel").get<std::string>();
      t.panel_rect = rect_from(e, "panel_rect");
      t.clip = rect_from(e, "clip");
      t.font_px = e.at("font_px").get<float>();
      report.texts.push_back(std::move(t));
    }
    return report;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("layout report: ") + e.what());
  }
}

std::vector<std::pair<std::size_t, std::size_t>> overlapping_texts(
    const std::vector<LayoutText>& texts) {
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    for (std::size_t j = i + 1; j < texts.size(); ++j) {
      if (texts[i].panel != texts[j].panel) continue;
      if (overlaps(texts[i].rect, texts[j].rect, kLayoutTolerancePx)) pairs.emplace_back(i, j);
    }
  }
  return pairs;
}

std::vector<std::size_t> clipped_texts(const std::vector<LayoutText>& texts) {
  std::vector<std::size_t> cut;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (!contains(texts[i].clip, texts[i].rect, kLayoutTolerancePx)) cut.push_back(i);
  }
  return cut;
}

std::vector<std::size_t> texts_smaller_than(const std::vector<LayoutText>& texts, float min_px) {
  std::vector<std::size_t> small;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (texts[i].font_px < min_px) small.push_back(i);
  }
  return small;
}

std::string describe_problems(const LayoutReport& report, float min_font_px) {
  std::ostringstream out;
  const auto& t = report.texts;
  for (auto [i, j] : overlapping_texts(t)) {
    out << "overlap in " << t[i].panel << ": \"" << t[i].text << "\" " << rect_text(t[i].rect)
        << " and \"" << t[j].text << "\" " << rect_text(t[j].rect) << "\n";
  }
  for (std::size_t i : clipped_texts(t)) {
    out << "clipped in " << t[i].panel << ": \"" << t[i].text << "\" " << rect_text(t[i].rect)
        << " outside " << rect_text(t[i].clip) << "\n";
  }
  for (std::size_t i : texts_smaller_than(t, min_font_px)) {
    out << "small in " << t[i].panel << ": \"" << t[i].text << "\" at " << t[i].font_px
        << " px\n";
  }
  return out.str();
}

}  // namespace tcplab::gui
