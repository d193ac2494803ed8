// One's own account: profile, consent, the data export, the deletion request.
#include "accounts/profile.h"

#include <boost/json.hpp>
#include <chrono>

#include "accounts/audit.h"
#include "accounts/internal.h"
#include "accounts/store.h"
#include "audit/service.h"
#include "core/crypto.h"
#include "core/error.h"
#include "core/text.h"
#include "units/service.h"

namespace cds::accounts {
namespace json = boost::json;

Profile::Profile(db::Database& db, const units::UnitService& units, UnitParent unit_parent)
    : db_(db), units_(units), unit_parent_(std::move(unit_parent)) {}

void Profile::erase_module_data(db::Connection& c, int64_t account) const {
  for (const auto& step : erasure_steps_) step(c, account);
}

Account Profile::own_account(const Actor& actor) {
  require(actor, Action::use_own_account, {}, unit_parent_);
  return db_.read([&](db::Connection& c) { return load_full(c, actor.account_id); });
}

void Profile::update_own_profile(const Actor& actor, const ProfileChange& change,
                                 const std::string& ip) {
  require(actor, Action::use_own_account, {}, unit_parent_);
  std::vector<std::string> changed;
  db_.write([&](db::Connection& c) {
    Account a = load_full(c, actor.account_id);
    if (change.full_name) {
      a.full_name = clean_name(*change.full_name);
      changed.push_back("full_name");
    }
    if (change.cccd) {
      std::string cccd = text::trim(*change.cccd);
      if (!cccd.empty() && !text::check_cccd(cccd).info)
        throw Error(ErrorKind::bad_input, "bad_cccd", "A CCCD number has 12 digits");
      // Never says whose it is.
      if (auto holder = cccd.empty() ? std::nullopt : store::cccd_holder(c, cccd);
          holder && holder->id != a.id)
        throw Error(ErrorKind::conflict, "cccd_taken",
                    "This CCCD number is already used by another account");
      a.cccd = cccd;
      changed.push_back("cccd");
    }
    std::string old_home = a.home_unit_code;
    if (change.home_unit_code) {
      check_commune(units_, *change.home_unit_code);
      a.home_unit_code = *change.home_unit_code;
      changed.push_back("home_unit_code");
    }
    if (change.village_code) {
      auto v = change.village_code->empty()
                   ? std::nullopt
                   : units_.find(units::kGeneration2025, *change.village_code);
      if (v && v->level == units::kVillageLevel && v->parent_code == a.home_unit_code)
        a.village_code = v->code;
      else if (change.village_code->empty() ||
               (v && v->level == units::kVillageLevel && v->parent_code == old_home))
        a.village_code.clear();  // none, or one of the commune just left
      else
        throw Error(ErrorKind::bad_input, "bad_village",
                    "Choose a village of your home commune, or none");
      changed.push_back("village_code");
    } else if (a.home_unit_code != old_home) {
      a.village_code.clear();
    }
    if (change.ethnic_group) {
      std::string e = text::nfc(text::trim(*change.ethnic_group));
      if (char_count(e) > 50)
        throw Error(ErrorKind::bad_input, "bad_field", "Ethnic group is too long");
      a.ethnic_group = e;
      changed.push_back("ethnic_group");
    }
    if (change.preferred_language) {
      const std::string& l = *change.preferred_language;
      if (!l.empty() && l != "vi" && l != "en")
        throw Error(ErrorKind::bad_input, "bad_field", "Language must be vi or en");
      a.preferred_language = l;
      changed.push_back("preferred_language");
    }
    try {
      store::update_profile(c, a);
    } catch (const db::DbError& e) {
      // Two people saving the same number at once: the unique index decides.
      if (e.kind == db::DbError::Kind::constraint)
        throw Error(ErrorKind::conflict, "cccd_taken",
                    "This CCCD number is already used by another account");
      throw;
    }
    for (const auto& [fact, value] : change.facts) {
      if (!self_declarable(fact) || !valid_fact(fact, value))
        throw Error(ErrorKind::bad_input, "bad_fact", "This fact cannot be declared here");
      store::put_fact(c, a.id, {fact, value, "self", store::now(), std::nullopt});
      changed.push_back(fact);
    }
    std::string detail;
    for (const auto& f : changed)
      detail += (detail.empty() ? "" : ",") + f;  // field names, never values
    audit::record(c, {.actor_account = a.id,
                      .action = "account.profile_updated",
                      .subject_account = a.id,
                      .detail = detail,
                      .ip = ip});
  });
}

void Profile::set_own_consent(const Actor& actor, const std::string& purpose, bool granted,
                              const std::string& ip) {
  require(actor, Action::use_own_account, {}, unit_parent_);
  if (!valid_consent_purpose(purpose))
    throw Error(ErrorKind::bad_input, "bad_purpose", "Unknown purpose");
  if (purpose == "account")
    throw Error(ErrorKind::bad_input, "consent_account_use_deletion",
                "Consent for the account itself ends by deleting the account");
  db_.write([&](db::Connection& c) {
    store::add_consent(c, actor.account_id,
                       {purpose, granted, std::string(kConsentTextVersion), store::now()});
    record_by(c, actor,
              {.action = granted ? "consent.granted" : "consent.withdrawn",
               .subject_account = actor.account_id,
               .detail = purpose,
               .ip = ip});
  });
}

json::object Profile::export_own_data(const Actor& actor, const std::string& ip) {
  require(actor, Action::use_own_account, {}, unit_parent_);
  return db_.write([&](db::Connection& c) {
    Account a = load_full(c, actor.account_id);
    json::object out;
    out["exported_at"] = store::now();
    out["account"] = account_json(a);
    json::array roles, scopes, facts, consents, sessions, deletions, audit;
    for (Role r : a.roles) roles.push_back(json::string(role_name(r)));
    for (const auto& s : a.scopes) {
      json::object o{{"unit_code", s.unit_code}};
      o["agency_id"] = s.agency_id ? json::value(*s.agency_id) : json::value(nullptr);
      scopes.push_back(o);
    }
    for (const auto& f : a.facts)
      facts.push_back(json::object{{"fact", f.fact},
                                   {"value", f.value},
                                   {"source", f.source},
                                   {"recorded_at", f.recorded_at}});
    for (const auto& k : store::consent_history(c, a.id))
      consents.push_back(json::object{{"purpose", k.purpose},
                                      {"granted", k.granted},
                                      {"text_version", k.text_version},
                                      {"decided_at", k.decided_at}});
    for (const auto& [created, expires] : store::sessions_of(c, a.id))
      sessions.push_back(json::object{{"created_at", created}, {"expires_at", expires}});
    for (const auto& d : store::deletion_requests(c, a.id))
      deletions.push_back(json::object{
          {"requested_at", d.requested_at}, {"due_at", d.due_at}, {"status", d.status}});
    audit::Filter mine;
    mine.subject = a.id;
    mine.limit = 1000;
    for (const auto& row : audit::rows(c, mine))
      audit.push_back(json::object{{"at", row.at},
                                   {"action", row.action},
                                   {"by_account", row.actor_account},
                                   {"detail", row.detail}});
    out["roles"] = std::move(roles);
    out["scopes"] = std::move(scopes);
    out["facts"] = std::move(facts);
    out["consents"] = std::move(consents);
    out["sessions"] = std::move(sessions);
    out["deletion_requests"] = std::move(deletions);
    out["access_log"] = std::move(audit);  // who saw or changed this person's data
    for (const auto& [name, section] : export_sections_) out[name] = section(c, a.id);
    audit::record(
        c,
        {.actor_account = a.id, .action = "account.exported", .subject_account = a.id, .ip = ip});
    return out;
  });
}

void Profile::add_export_section(std::string name, ExportSection section, CodeNames code_names) {
  code_names_[name] = std::move(code_names);
  export_sections_.emplace_back(std::move(name), std::move(section));
}

const Profile::CodeNames& Profile::code_names(const std::string& section) const {
  static const CodeNames none;
  auto it = code_names_.find(section);
  return it == code_names_.end() ? none : it->second;
}

DeletionRequest Profile::request_own_deletion(const Actor& actor, const std::string& ip) {
  require(actor, Action::use_own_account, {}, unit_parent_);
  return db_.write([&](db::Connection& c) {
    for (const auto& d : store::deletion_requests(c, actor.account_id))
      if (d.status == "pending") return d;
    int64_t id = store::insert_deletion_request(
        c, actor.account_id,
        in_future(std::chrono::duration_cast<std::chrono::seconds>(kDeletionDeadline)));
    record_by(
        c, actor,
        {.action = "account.deletion_requested", .subject_account = actor.account_id, .ip = ip});
    return *store::deletion_request(c, id);
  });
}

}  // namespace cds::accounts
