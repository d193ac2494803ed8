#include "db/backup.h"

#include <fcntl.h>
#include <libpq-fe.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include "db/connection.h"

extern char** environ;

namespace cds::db {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kSqliteMagic{"SQLite format 3\0", 16};
constexpr std::string_view kPgDumpMagic = "PGDMP";

[[noreturn]] void refuse(const std::string& message) { throw BackupRefused(message); }

bool is_postgres(const std::string& url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

std::string sqlite_path(const std::string& url) {
  if (url.starts_with("sqlite:")) return url.substr(7);
  if (url.ends_with(".db") || url.ends_with(".sqlite")) return url;
  refuse("unknown database URL (expected sqlite:PATH or postgresql://…)");
}

std::string file_start(const fs::path& file, size_t n) {
  std::ifstream in(file, std::ios::binary);
  if (!in) refuse("cannot read " + file.string());
  std::string head(n, '\0');
  in.read(head.data(), static_cast<std::streamsize>(n));
  head.resize(static_cast<size_t>(in.gcount()));
  return head;
}

// What engine wrote a backup file: "sqlite", "postgres", or refuses.
std::string backup_engine(const fs::path& file) {
  std::string head = file_start(file, kSqliteMagic.size());
  if (head == kSqliteMagic) return "sqlite";
  if (head.starts_with(kPgDumpMagic)) return "postgres";
  refuse(file.string() +
         " is not a backup made by congdanso backup (neither a SQLite database "
         "nor a pg_dump custom-format file)");
}

// The file's bytes on disk, then its name in its folder.
void make_durable(const fs::path& partial, const fs::path& final_path) {
  int fd = ::open(partial.c_str(), O_RDONLY);
  if (fd < 0 || ::fsync(fd) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("cannot write " + partial.string() + ": " + std::strerror(errno));
  }
  ::close(fd);
  fs::rename(partial, final_path);
  fs::path dir = final_path.has_parent_path() ? final_path.parent_path() : fs::path(".");
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

fs::path partial_path(const fs::path& to) {
  if (to.empty()) refuse("name the backup file");
  if (fs::exists(to)) refuse(to.string() + " exists already; name a new file");
  if (to.has_parent_path() && !fs::is_directory(to.parent_path()))
    refuse("the folder " + to.parent_path().string() + " does not exist");
  fs::path partial = to;
  partial += ".partial";
  fs::remove(partial);
  return partial;
}

// Writes the backup under FILE.partial with `write`, then makes it FILE: a backup that fails
// leaves nothing behind, one that succeeds is on disk before it has its name.
template <typename Write>
BackupSummary write_beside(const fs::path& to, Write&& write) {
  fs::path partial = partial_path(to);
  BackupSummary s;
  try {
    s = write(partial);
  } catch (...) {
    fs::remove(partial);
    throw;
  }
  make_durable(partial, to);
  s.bytes = fs::file_size(to);
  return s;
}

// ---- SQLite ----------------------------------------------------------------------------------

struct Sqlite {
  sqlite3* db = nullptr;
  Sqlite(const std::string& path, int flags) {
    if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
      std::string message = db ? sqlite3_errmsg(db) : "out of memory";
      sqlite3_close(db);
      db = nullptr;
      throw std::runtime_error("cannot open " + path + ": " + message);
    }
    sqlite3_busy_timeout(db, 10000);
  }
  ~Sqlite() { sqlite3_close(db); }
  Sqlite(const Sqlite&) = delete;
  Sqlite& operator=(const Sqlite&) = delete;

  void exec(const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error ? error : sqlite3_errmsg(db);
      sqlite3_free(error);
      throw std::runtime_error(message);
    }
  }
  std::vector<std::string> column(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
      throw std::runtime_error(sqlite3_errmsg(db));
    std::vector<std::string> out;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      auto* text = sqlite3_column_text(stmt, 0);
      out.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(db));
    return out;
  }
  std::vector<std::string> tables() {
    return column(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name");
  }
  void count(BackupSummary& s) {
    auto names = tables();
    s.tables = names.size();
    s.rows = 0;
    for (const auto& t : names) {
      std::string quoted = "\"";
      for (char ch : t) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      s.rows += std::stoll(column("SELECT count(*) FROM " + quoted + "\"").at(0));
    }
  }
  // Checks the file's structure (a backup is only worth what it restores).
  void check(const std::string& what) {
    auto result = column("PRAGMA quick_check");
    if (result.size() != 1 || result[0] != "ok")
      throw std::runtime_error(
          what + " failed SQLite's check: " + (result.empty() ? "no answer" : result[0]));
  }
};

// Copies every page of `from` into `to` in one step: one read transaction on the source, so
// the copy is one moment of it, while the source's writers go on (WAL).
void copy_pages(Sqlite& from, Sqlite& to) {
  sqlite3_backup* b = sqlite3_backup_init(to.db, "main", from.db, "main");
  if (!b) throw std::runtime_error(std::string("backup: ") + sqlite3_errmsg(to.db));
  auto deadline = Clock::now() + std::chrono::seconds(60);
  int rc;
  while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) {
    if (Clock::now() > deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE)
    throw std::runtime_error(std::string("backup: ") + sqlite3_errstr(rc) + ": " +
                             sqlite3_errmsg(to.db));
}

BackupSummary backup_sqlite(const std::string& path, const fs::path& to) {
  if (!fs::exists(path)) refuse("there is no database at " + path);
  if (fs::exists(to) && fs::equivalent(path, to)) refuse("the backup would overwrite the database");
  return write_beside(to, [&](const fs::path& partial) {
    BackupSummary s{.engine = "sqlite"};
    Sqlite source(path, SQLITE_OPEN_READWRITE);
    Sqlite copy(partial.string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    copy_pages(source, copy);
    // One self-contained file, whatever the source's journal.
    copy.exec("PRAGMA journal_mode=DELETE");
    copy.check("the copy");
    copy.count(s);
    return s;
  });
}

BackupSummary restore_sqlite(const std::string& path, const fs::path& from, bool replace) {
  if (fs::exists(path) && fs::equivalent(path, from))
    refuse("the backup and the database are the same file");
  BackupSummary s{.engine = "sqlite"};
  Sqlite backup(from.string(), SQLITE_OPEN_READONLY);
  backup.check(from.string());
  auto names = backup.tables();
  if (std::find(names.begin(), names.end(), "schema_migrations") == names.end())
    refuse(from.string() + " is a SQLite database but not one of this platform's");
  Sqlite target(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!target.tables().empty() && !replace)
    refuse("the database at " + path +
           " already holds tables; restore into a new file, or stop every server using it and "
           "give --replace");
  copy_pages(backup, target);
  target.exec("PRAGMA journal_mode=WAL");
  target.check("the restored database");
  target.count(s);
  s.bytes = fs::file_size(from);
  return s;
}

// ---- PostgreSQL ------------------------------------------------------------------------------

// The connection's settings as libpq's environment variables (PGHOST, PGPASSWORD…): the
// password stays off the command line, where other users could read it.
std::vector<std::string> pg_environment(const std::string& url, std::string& dbname) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (!options) {
    std::string message = error ? error : "invalid";
    PQfreemem(error);
    refuse("the database URL is not valid: " + message);
  }
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e)
    if (std::strncmp(*e, "PG", 2) != 0) env.emplace_back(*e);
  for (PQconninfoOption* o = options; o->keyword; ++o) {
    if (!o->val || !*o->val) continue;
    if (std::strcmp(o->keyword, "dbname") == 0) dbname = o->val;
    if (o->envvar) env.push_back(std::string(o->envvar) + "=" + o->val);
  }
  PQconninfoFree(options);
  return env;
}

std::string tool(const PgTools& tools, const std::string& name) {
  if (tools.bin_dir.empty()) return name;
  return (fs::path(tools.bin_dir) / name).string();
}

// Runs a PostgreSQL tool with these arguments and environment; throws with what it said on
// failure. Returns its standard output.
std::string run_tool(const std::string& program, const std::vector<std::string>& args,
                     const std::vector<std::string>& env) {
  std::array<int, 2> out{}, err{};
  if (::pipe(out.data()) != 0 || ::pipe(err.data()) != 0)
    throw std::runtime_error("pipe: " + std::string(std::strerror(errno)));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  posix_spawn_file_actions_addclose(&actions, err[0]);
  std::vector<char*> argv{const_cast<char*>(program.c_str())};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  ::close(err[1]);
  if (rc != 0) {
    ::close(out[0]);
    ::close(err[0]);
    throw std::runtime_error("cannot run " + program + ": " + std::strerror(rc) +
                             " (install postgresql-client, or give --pg-bin)");
  }
  // Both pipes are read as they fill (a tool that writes much to one would block otherwise).
  std::string stdout_text, stderr_text;
  std::thread err_reader([&] {
    char buf[4096];
    ssize_t n;
    while ((n = ::read(err[0], buf, sizeof buf)) > 0) stderr_text.append(buf, size_t(n));
  });
  char buf[4096];
  ssize_t n;
  while ((n = ::read(out[0], buf, sizeof buf)) > 0) stdout_text.append(buf, size_t(n));
  err_reader.join();
  ::close(out[0]);
  ::close(err[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error(program + " failed: " + stderr_text);
  return stdout_text;
}

size_t dumped_tables(const PgTools& tools, const fs::path& file,
                     const std::vector<std::string>& env) {
  std::string list = run_tool(tool(tools, "pg_restore"), {"--list", file.string()}, env);
  size_t n = 0;
  for (size_t at = list.find(" TABLE DATA "); at != std::string::npos;
       at = list.find(" TABLE DATA ", at + 1))
    ++n;
  return n;
}

BackupSummary backup_postgres(const std::string& url, const fs::path& to, const PgTools& tools) {
  std::string dbname;
  auto env = pg_environment(url, dbname);
  return write_beside(to, [&](const fs::path& partial) {
    BackupSummary s{.engine = "postgres"};
    run_tool(tool(tools, "pg_dump"),
             {"--format=custom", "--no-owner", "--no-privileges", "--file=" + partial.string()},
             env);
    if (!file_start(partial, kPgDumpMagic.size()).starts_with(kPgDumpMagic))
      throw std::runtime_error("pg_dump wrote no custom-format file");
    s.tables = dumped_tables(tools, partial, env);
    return s;
  });
}

BackupSummary restore_postgres(const std::string& url, const fs::path& from, bool replace,
                               const PgTools& tools) {
  std::string dbname;
  auto env = pg_environment(url, dbname);
  auto db = Database::open(url, 1);
  int64_t tables = db->read([](Connection& c) {
    return c
        .query(
            "SELECT count(*) FROM pg_tables "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
        .rows.at(0)
        .integer(0);
  });
  db.reset();
  if (tables > 0 && !replace)
    refuse("the database " + dbname +
           " already holds tables; restore into a new database (createdb), or stop every server "
           "using it and give --replace");
  std::vector<std::string> args{"--no-owner", "--no-privileges", "--exit-on-error",
                                "--single-transaction"};
  if (replace) {
    args.push_back("--clean");
    args.push_back("--if-exists");
  }
  // The database by name only: where it is and who connects come from the environment.
  args.push_back("--dbname=" + (dbname.empty() ? std::string("postgres") : dbname));
  args.push_back(from.string());
  run_tool(tool(tools, "pg_restore"), args, env);
  BackupSummary s{.engine = "postgres"};
  s.tables = dumped_tables(tools, from, env);
  s.bytes = fs::file_size(from);
  return s;
}

}  // namespace

BackupSummary backup(const std::string& url, const fs::path& to, const PgTools& tools) {
  auto started = Clock::now();
  BackupSummary s =
      is_postgres(url) ? backup_postgres(url, to, tools) : backup_sqlite(sqlite_path(url), to);
  s.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return s;
}

BackupSummary restore(const std::string& url, const fs::path& from, bool replace,
                      const PgTools& tools) {
  auto started = Clock::now();
  if (!fs::is_regular_file(from)) refuse("there is no backup file at " + from.string());
  std::string kind = backup_engine(from);
  bool to_postgres = is_postgres(url);
  if ((kind == "postgres") != to_postgres)
    refuse("this backup comes from " + std::string(kind == "postgres" ? "PostgreSQL" : "SQLite") +
           "; restore it into a database of the same engine");
  BackupSummary s = to_postgres ? restore_postgres(url, from, replace, tools)
                                : restore_sqlite(sqlite_path(url), from, replace);
  s.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return s;
}

size_t copy_new_files(const fs::path& from, const fs::path& to) {
  if (!fs::is_directory(from)) return 0;
  size_t copied = 0;
  for (const auto& entry : fs::recursive_directory_iterator(from)) {
    if (!entry.is_regular_file()) continue;
    fs::path target = to / fs::relative(entry.path(), from);
    std::error_code ec;
    if (fs::exists(target, ec) && fs::file_size(target, ec) == entry.file_size()) continue;
    fs::create_directories(target.parent_path());
    fs::path partial = target;
    partial += ".partial";
    fs::copy_file(entry.path(), partial, fs::copy_options::overwrite_existing);
    make_durable(partial, target);
    ++copied;
  }
  return copied;
}

}  // namespace cds::db
