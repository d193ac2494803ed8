# Writes a C++ file holding every module's OpenAPI part (src/*/openapi.json) as (module, text),
# sorted by module name. web/openapi.cpp merges them into /api/openapi.json.
file(GLOB files ${DIR}/*/openapi.json)
list(SORT files)
set(body "// Generated from src/*/openapi.json by cmake/embed_openapi.cmake. Do not edit.\n#include \"web/openapi.h\"\nnamespace cds::web {\nconst std::vector<OpenApiPart>& openapi_parts() {\n  static const std::vector<OpenApiPart> all = {\n")
foreach(f ${files})
  get_filename_component(dir ${f} DIRECTORY)
  get_filename_component(module ${dir} NAME)
  file(READ ${f} text)
  set(body "${body}    {\"${module}\", R\"cds_json(${text})cds_json\"},\n")
endforeach()
set(body "${body}  };\n  return all;\n}\n}  // namespace cds::web\n")
file(WRITE ${OUT}.tmp "${body}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
