#include "community/presenters.h"

#include <boost/json.hpp>

#include "units/service.h"
#include "web/context.h"
#include "web/pages.h"

namespace cds::community {
namespace json = boost::json;

namespace {
json::value optional_text(const std::string& s) {
  return s.empty() ? json::value(nullptr) : json::value(s);
}

json::object board_json(const units::UnitService& units, const std::string& code) {
  json::object o{{"code", code}};
  if (auto u = units.find(units::kGeneration2025, code)) {
    o["name"] = u->name;
    o["level"] = u->level;
    if (auto id = units::village_id_of(code)) o["village_id"] = *id;
  }
  return o;
}
}  // namespace

json::array attachments_json(const Notice& n) {
  json::array out;
  std::string base = "/bang-tin/" + std::to_string(n.id) + "/tep/";
  for (const auto& a : n.attachments) {
    json::object o{{"id", a.id},
                   {"kind", a.kind},
                   {"name", a.name},
                   {"bytes", a.bytes},
                   {"url", base + std::to_string(a.id)}};
    if (a.kind == "image") o["thumb_url"] = base + std::to_string(a.id) + "/nho";
    o["is_image"] = a.kind == "image";
    o["size"] = a.bytes >= 1024 * 1024 ? std::to_string(a.bytes / (1024 * 1024)) + " MB"
                                       : std::to_string((a.bytes + 1023) / 1024) + " KB";
    out.push_back(std::move(o));
  }
  return out;
}

json::object notice_json(const units::UnitService& units, const Notice& n) {
  return json::object{
      {"attachments", attachments_json(n)},
      {"id", n.id},
      {"board", board_json(units, n.unit_code)},
      {"commune", n.commune_code},
      {"title", n.title},
      {"body", n.body_md},
      {"body_html", n.body_html},
      {"priority", n.priority},
      {"visibility", n.visibility},
      {"pinned", n.pinned},
      {"published_at", n.published_at},
      {"expires_at", optional_text(n.expires_at)},
      {"ack_due_at", optional_text(n.ack_due_at)},
      {"withdrawn", !n.withdrawn_at.empty()},
      {"link", "/bang-tin/" + std::to_string(n.id)},
      {"poll", n.poll ? json::value(json::object{{"question", n.poll->question},
                                                 {"choices", json::value_from(n.poll->choices)},
                                                 {"per", n.poll->per},
                                                 {"closes_at", n.poll->closes_at},
                                                 {"results", n.poll->results}})
                      : json::value(nullptr)}};
}

json::object poll_view_json(const PollView& v) {
  json::object o{
      {"closed", v.closed}, {"results_shown", v.results_shown}, {"may_answer", v.may_answer}};
  o["mine"] = v.mine ? json::value(*v.mine) : json::value(nullptr);
  if (v.results_shown) {
    json::array counts;
    for (int64_t k : v.counts) counts.push_back(k);
    o["counts"] = std::move(counts);
    o["total"] = v.total;
  }
  return o;
}

json::object reader_state_json(const ReaderState& s) {
  return json::object{
      {"in_household_here", s.household != 0}, {"read", s.read}, {"acknowledged", s.acknowledged}};
}

json::object notice_view(const web::AppContext& app, const std::string& lang, const Notice& n) {
  json::object o = notice_json(app.units, n);
  o["published"] = web::display_time(n.published_at);
  if (!n.expires_at.empty()) o["expires"] = web::display_time(n.expires_at);
  if (!n.ack_due_at.empty()) o["ack_due"] = web::display_time(n.ack_due_at);
  o["important"] = n.important();
  o["has_attachments"] = !n.attachments.empty();
  o["for_residents"] = n.for_residents();
  o["board_name"] =
      o["board"].as_object().contains("name") ? o["board"].at("name") : json::value(n.unit_code);
  (void)lang;
  return o;
}

json::object household_json(const units::UnitService& units, const Household& h, bool with_code) {
  json::array members;
  for (const auto& m : h.members)
    members.push_back(json::object{
        {"id", m.id},
        {"name", m.name},
        {"birth_year", m.birth_year ? json::value(*m.birth_year) : json::value(nullptr)},
        {"head", m.head},
        {"has_account", m.account_id != 0},
        {"joined_at", m.joined_at}});
  json::object village = board_json(units, h.village_code);
  json::object o{{"id", h.id},
                 {"village", std::move(village)},
                 {"commune", h.commune_code},
                 {"address", h.address},
                 {"head_name", h.head_name},
                 {"confirmed", h.confirmed},
                 {"created_at", h.created_at},
                 {"members", std::move(members)}};
  if (with_code) o["invite_code"] = h.invite_code;
  return o;
}

// The notice's question for the page: the choices (the reader's own answer marked), the
// answers for each with their share when they may be shown.
json::object poll_page_json(const Notice& n, const PollView& v) {
  json::array choices;
  for (size_t i = 0; i < n.poll->choices.size(); ++i) {
    int64_t position = static_cast<int64_t>(i + 1);
    json::object c{{"position", position},
                   {"label", n.poll->choices[i]},
                   {"mine", v.mine && *v.mine == position}};
    if (v.results_shown) {
      c["count"] = v.counts[i];
      c["share"] = web::display_rate(v.counts[i], v.total);
    }
    choices.push_back(std::move(c));
  }
  return json::object{{"question", n.poll->question},
                      {"per_household", n.poll->per == "household"},
                      {"closes", web::display_time(n.poll->closes_at)},
                      {"closed", v.closed},
                      {"results_shown", v.results_shown},
                      {"may_answer", v.may_answer},
                      {"answered", v.mine.has_value()},
                      {"total", v.total},
                      {"choices", std::move(choices)}};
}

json::object coverage_json(const Coverage& c) {
  return json::object{{"households", c.households},     {"read", c.read},
                      {"acknowledged", c.acknowledged}, {"visited", c.visited},
                      {"unreached", c.unreached},       {"without_members", c.without_members}};
}

json::object visit_row_json(const units::UnitService& units, const VisitRow& r) {
  json::object o{{"household_id", r.household_id}, {"village", board_json(units, r.village_code)},
                 {"address", r.address},           {"head_name", r.head_name},
                 {"members", r.members},           {"on_platform", r.on_platform}};
  return o;
}

}  // namespace cds::community
