# Writes a C++ file holding every module's migrations (src/<module>/migrations/*.sql) as
# (name, text), sorted by file name: the version is the name, so the order is the same in every
# build and a database made before the migrations moved beside their modules upgrades as
# before. Two modules with the same file name stop the build.
file(GLOB files ${DIR}/*/migrations/*.sql)
set(by_name "")
foreach(f ${files})
  get_filename_component(name ${f} NAME)
  list(FIND by_name ${name} seen)
  if(NOT seen EQUAL -1)
    message(FATAL_ERROR "two migrations are named ${name}: each version is used once across modules")
  endif()
  list(APPEND by_name ${name})
  set(path_of_${name} ${f})
endforeach()
list(SORT by_name)
set(body "// Generated from src/*/migrations by cmake/embed_migrations.cmake. Do not edit.\n#include \"db/migrate.h\"\nnamespace cds::db {\nconst std::vector<EmbeddedMigration>& embedded_migrations() {\n  static const std::vector<EmbeddedMigration> all = {\n")
foreach(name ${by_name})
  file(READ ${path_of_${name}} text)
  set(body "${body}    {\"${name}\", R\"cds_sql(${text})cds_sql\"},\n")
endforeach()
set(body "${body}  };\n  return all;\n}\n}  // namespace cds::db\n")
file(WRITE ${OUT}.tmp "${body}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
