#include "units/choices.h"

#include <boost/json.hpp>

#include "units/service.h"

namespace cds::units {

boost::json::array commune_choices(const UnitService& units, const std::string& province,
                                   const std::string& selected) {
  boost::json::array list;
  for (const auto& u : units.children(kGeneration2025, province))
    list.push_back(
        boost::json::object{{"code", u.code}, {"name", u.name}, {"selected", u.code == selected}});
  return list;
}

}  // namespace cds::units
