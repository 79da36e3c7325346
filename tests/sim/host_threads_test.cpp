/* SPDX-License-Identifier: MIT */

/* The simulator's host-thread pool (common/host_threads.h): every call made once,
 * finished when the caller returns, nested and concurrent sections run inline. */

#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "common/host_threads.h"

using namespace lsgpu::sim;

namespace
{

class HostThreadsPool : public testing::Test
{
 protected:
   void SetUp() override { saved_ = host_threads(); }
   void TearDown() override { host_threads_set(saved_); }
   unsigned saved_ = 1;
};

} // namespace

TEST_F(HostThreadsPool, every_call_runs_once_for_any_thread_count)
{
   for (unsigned threads : {1u, 2u, 4u, 7u}) {
      host_threads_set(threads);
      for (unsigned round = 0; round < 200; round++) {
         std::vector<std::atomic<unsigned>> calls(13);
         host_parallel_for(13, [&](unsigned i) { calls[i]++; });
         for (unsigned i = 0; i < 13; i++)
            ASSERT_EQ(calls[i].load(), 1u) << threads << " threads, round " << round;
      }
   }
}

TEST_F(HostThreadsPool, started_work_is_done_when_finish_returns)
{
   host_threads_set(4);
   for (unsigned round = 0; round < 200; round++) {
      std::vector<std::atomic<unsigned>> calls(4);
      HostParallel work(4, [&](unsigned i) { calls[i]++; });
      /* The caller's own work meanwhile, as the rasterizer's. */
      volatile unsigned spin = 0;
      for (unsigned k = 0; k < round * 10; k++)
         spin = spin + k;
      work.finish();
      for (unsigned i = 0; i < 4; i++)
         ASSERT_EQ(calls[i].load(), 1u) << "round " << round;
      work.finish(); /* a second finish does nothing */
   }
}

TEST_F(HostThreadsPool, sections_started_while_the_pool_is_busy_run_on_their_caller)
{
   host_threads_set(4);
   std::atomic<unsigned> inner{0};
   std::vector<std::thread::id> where(4);
   HostParallel outer(2, [&](unsigned) {});
   /* The pool is held by `outer`: this section runs here, in index order. */
   host_parallel_for(4, [&](unsigned i) {
      where[i] = std::this_thread::get_id();
      inner += i;
   });
   outer.finish();
   EXPECT_EQ(inner.load(), 6u);
   for (const auto &id : where)
      EXPECT_EQ(id, std::this_thread::get_id());
   /* And a section inside a section's work, from a worker. */
   std::atomic<unsigned> nested{0};
   host_parallel_for(3, [&](unsigned) { host_parallel_for(5, [&](unsigned) { nested++; }); });
   EXPECT_EQ(nested.load(), 15u);
}
