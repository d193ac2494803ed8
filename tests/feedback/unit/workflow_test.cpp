#include "feedback/workflow.h"

#include <gtest/gtest.h>

using namespace cds::feedback;
using cds::timeutil::Date;

TEST(Workflow, OfficersMoveOpenReportsOnly) {
  EXPECT_TRUE(officer_may_move("received", "assigned"));
  EXPECT_TRUE(officer_may_move("assigned", "assigned"));  // reassignment
  EXPECT_TRUE(officer_may_move("assigned", "in_progress"));
  EXPECT_TRUE(officer_may_move("in_progress", "resolved"));
  EXPECT_TRUE(officer_may_move("received", "rejected"));
  EXPECT_TRUE(officer_may_move("received", "duplicate"));
  EXPECT_TRUE(officer_may_move("reopened", "in_progress"));
  EXPECT_FALSE(officer_may_move("in_progress", "in_progress"));
  EXPECT_FALSE(officer_may_move("resolved", "in_progress"));
  EXPECT_FALSE(officer_may_move("rejected", "assigned"));
  EXPECT_FALSE(officer_may_move("duplicate", "resolved"));
  EXPECT_FALSE(officer_may_move("received", "reopened"));  // only the reporter reopens
  EXPECT_FALSE(officer_may_move("received", "received"));
}

TEST(Workflow, OpenAndClosedAsOpen311SeesThem) {
  for (auto s : {"received", "assigned", "in_progress", "reopened"}) EXPECT_TRUE(is_open(s)) << s;
  for (auto s : {"resolved", "rejected", "duplicate"}) EXPECT_FALSE(is_open(s)) << s;
  EXPECT_TRUE(valid_status("in_progress"));
  EXPECT_FALSE(valid_status("lost"));
}

TEST(Workflow, ReopenWithinSevenDaysOfResolution) {
  Date resolved{2026, 11, 20};
  EXPECT_TRUE(may_reopen("resolved", resolved, Date{2026, 11, 20}));
  EXPECT_TRUE(may_reopen("resolved", resolved, Date{2026, 11, 27}));
  EXPECT_FALSE(may_reopen("resolved", resolved, Date{2026, 11, 28}));
  EXPECT_FALSE(may_reopen("rejected", resolved, Date{2026, 11, 21}));
}

TEST(Workflow, DeadlinesSkipWeekendsAndHolidays) {
  std::set<Date> holidays = {Date{2026, 4, 30}, Date{2026, 5, 1}};
  // Received Wednesday 29/4/2026 with one working day: 30/4 and 1/5 are holidays, then the
  // weekend, so it is due Monday 4/5.
  EXPECT_EQ(deadline(Date{2026, 4, 29}, 1, holidays), (Date{2026, 5, 4}));
  // Five working days from Friday 27/11/2026: 30/11 … 4/12.
  EXPECT_EQ(deadline(Date{2026, 11, 27}, 5, {}), (Date{2026, 12, 4}));
  EXPECT_TRUE(is_overdue("in_progress", Date{2026, 12, 4}, Date{2026, 12, 5}));
  EXPECT_FALSE(is_overdue("in_progress", Date{2026, 12, 4}, Date{2026, 12, 4}));
  EXPECT_FALSE(is_overdue("resolved", Date{2026, 12, 4}, Date{2026, 12, 10}));
}

// One table of states: is_open, the open list and its SQL all come from it.
TEST(Workflow, OpenStatesComeFromOneTable) {
  std::vector<std::string> open;
  for (auto s : kStatuses)
    if (is_open(s)) open.emplace_back(s);
  EXPECT_EQ(open_statuses(), open);
  EXPECT_EQ(open_statuses(),
            (std::vector<std::string>{"received", "assigned", "in_progress", "reopened"}));
  EXPECT_EQ(open_statuses_sql(), "'received', 'assigned', 'in_progress', 'reopened'");
  EXPECT_FALSE(is_open("resolved"));
  EXPECT_FALSE(is_open("nonsense"));
  EXPECT_TRUE(valid_status("duplicate"));
}
