// The modules of the running platform, in the order they start, add routes and appear in the
// header and on the home page. A new module is one line in CDS_MODULES: its folder provides
// `std::unique_ptr<app::Module> cds::<name>::module()` (src/<name>/module.cpp).
#include "cli/modules.h"

#define CDS_MODULES(X) X(live) X(feedback) X(alerts) X(news) X(community)

#define CDS_DECLARE_MODULE(name)         \
  namespace cds::name {                  \
  std::unique_ptr<app::Module> module(); \
  }
CDS_MODULES(CDS_DECLARE_MODULE)

namespace cds::cli {

app::Modules modules() {
  app::Modules all;
  // The platform's own first: the web shell, units, accounts.
  all.push_back(app::shell_module());
  all.push_back(app::units_module());
  all.push_back(app::accounts_module());
#define CDS_ADD_MODULE(name) all.push_back(cds::name::module());
  CDS_MODULES(CDS_ADD_MODULE)
  return all;
}

}  // namespace cds::cli
