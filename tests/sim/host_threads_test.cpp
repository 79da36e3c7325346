/* SPDX-License-Identifier: MIT */

/* The simulator's host-thread pool (common/host_threads.h): every call made once,
 * finished when the caller returns, overlapping and nested sections shared by the
 * workers. */

#include <atomic>
#include <chrono>
#include <mutex>
#include <pthread.h>
#include <set>
#include <string>
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

/* The workers carry a name ps and debuggers show; the caller keeps its own. */
TEST_F(HostThreadsPool, workers_are_named_and_the_caller_keeps_its_name)
{
   host_threads_set(4);
   host_thread_name("test-caller");
   std::mutex lock;
   std::set<std::string> names;
   std::atomic<unsigned> started{0};
   host_parallel_for(4, [&](unsigned) {
      /* Each call waits a little for the others, so that workers take some. */
      started++;
      for (unsigned spins = 0; started.load() < 4 && spins < 200; spins++)
         std::this_thread::sleep_for(std::chrono::milliseconds(1));
      char name[16] = {};
      pthread_getname_np(pthread_self(), name, sizeof(name));
      std::lock_guard<std::mutex> guard(lock);
      names.insert(name);
   });
   EXPECT_EQ(names, (std::set<std::string>{"lsgpu-pool", "test-caller"}));
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

TEST_F(HostThreadsPool, sections_started_while_one_runs_reach_the_idle_workers)
{
   host_threads_set(4);
   std::atomic<unsigned> outer_calls{0};
   HostParallel outer(2, [&](unsigned) { outer_calls++; });
   /* `outer` is unfinished (as a fragment batch while the GPU thread shades the next
    * vertices), yet this section's calls reach a worker: call 0 waits, up to 10 s, for
    * call 1 to start, which only another thread can do while it waits. */
   std::atomic<bool> second{false};
   std::vector<std::thread::id> where(2);
   host_parallel_for(2, [&](unsigned i) {
      where[i] = std::this_thread::get_id();
      if (i == 1) {
         second = true;
         return;
      }
      for (unsigned k = 0; k < 10000 && !second; k++)
         std::this_thread::sleep_for(std::chrono::milliseconds(1));
   });
   EXPECT_TRUE(second.load());
   EXPECT_NE(where[0], where[1]);
   outer.finish();
   EXPECT_EQ(outer_calls.load(), 2u);
   /* And a section inside a section's work, from a worker. */
   std::atomic<unsigned> nested{0};
   host_parallel_for(3, [&](unsigned) { host_parallel_for(5, [&](unsigned) { nested++; }); });
   EXPECT_EQ(nested.load(), 15u);
}
