// The units a form offers: the 2025 communes of the deployment's province, for a select.
#pragma once

#include <boost/json/array.hpp>
#include <string>

namespace cds::units {

class UnitService;

// [{code, name, selected}] for the communes of `province` (a 2025 province code).
boost::json::array commune_choices(const UnitService& units, const std::string& province,
                                   const std::string& selected);

}  // namespace cds::units
