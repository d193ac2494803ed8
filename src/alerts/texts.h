// One batch of warning text messages: each resident texted through the gateway, failures
// counted and never stopping the rest (a number out of service must not keep the warning from
// the next ones).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "accounts/service.h"
#include "notify/sms.h"

namespace cds::alerts {

struct TextBatch {
  int64_t sent = 0, failed = 0;
  int64_t last_account = 0;  // the cursor: the last resident tried
};

TextBatch text_batch(notify::SmsSender& sms, const std::vector<accounts::Resident>& residents,
                     const std::string& message);

}  // namespace cds::alerts
