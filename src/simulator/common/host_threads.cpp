/* SPDX-License-Identifier: MIT */
#include "common/host_threads.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

namespace lsgpu::sim
{

namespace
{

unsigned
threads_from_environment()
{
   if (const char *s = getenv("LSGPU_SIM_THREADS")) {
      char *end;
      const unsigned long n = strtoul(s, &end, 10);
      if (end != s && *end == '\0' && n >= 1)
         return (unsigned)std::min(n, 64ul);
   }
   return std::max(1u, std::thread::hardware_concurrency());
}

std::atomic<unsigned> g_threads{0};

/* Workers start when first needed and live as long as the process: the device
 * server's GPU thread hands them every parallel section. */
class Pool
{
 public:
   void run(unsigned n, const std::function<void(unsigned)> &work, unsigned threads)
   {
      if (start(n, work, threads))
         finish(work, n);
   }

   /* Hands the calls to the other threads and returns true, holding the pool until
    * finish(); false after making every call on the caller's thread. */
   bool start(unsigned n, const std::function<void(unsigned)> &work, unsigned threads)
   {
      if (threads <= 1 || n <= 1 || !busy_.try_lock()) {
         for (unsigned i = 0; i < n; i++)
            work(i);
         return false;
      }
      const unsigned helpers = std::min(threads, n) - 1;
      {
         std::lock_guard<std::mutex> lock(mutex_);
         while (workers_ < helpers) {
            std::thread(&Pool::worker, this).detach();
            workers_++;
         }
         work_ = &work;
         n_ = n;
         seats_ = helpers;
         next_.store(0, std::memory_order_relaxed);
         generation_++;
      }
      wake_.notify_all();
      return true;
   }

   void finish(const std::function<void(unsigned)> &work, unsigned n)
   {
      take(work, n);
      {
         std::unique_lock<std::mutex> lock(mutex_);
         done_.wait(lock, [&] { return active_ == 0; });
         /* A worker that wakes from now on finds nothing to take. */
         work_ = nullptr;
         n_ = 0;
         seats_ = 0;
      }
      busy_.unlock();
   }

 private:
   void take(const std::function<void(unsigned)> &work, unsigned n)
   {
      for (unsigned i; (i = next_.fetch_add(1, std::memory_order_relaxed)) < n;)
         work(i);
   }

   void worker()
   {
      uint64_t seen = 0;
      std::unique_lock<std::mutex> lock(mutex_);
      for (;;) {
         wake_.wait(lock, [&] { return generation_ != seen; });
         seen = generation_;
         if (!seats_ || !work_)
            continue;
         seats_--;
         active_++;
         const std::function<void(unsigned)> *work = work_;
         const unsigned n = n_;
         lock.unlock();
         take(*work, n);
         lock.lock();
         if (--active_ == 0)
            done_.notify_all();
      }
   }

   std::mutex busy_; /* one parallel section at a time */
   std::mutex mutex_;
   std::condition_variable wake_, done_;
   unsigned workers_ = 0;
   uint64_t generation_ = 0;
   const std::function<void(unsigned)> *work_ = nullptr;
   unsigned n_ = 0, seats_ = 0, active_ = 0;
   std::atomic<unsigned> next_{0};
};

Pool &
pool()
{
   static Pool *p = new Pool; /* never destroyed: detached workers wait on it */
   return *p;
}

} // namespace

unsigned
host_threads()
{
   unsigned n = g_threads.load(std::memory_order_relaxed);
   if (!n) {
      n = threads_from_environment();
      g_threads.store(n, std::memory_order_relaxed);
   }
   return n;
}

void
host_threads_set(unsigned threads)
{
   g_threads.store(std::max(1u, threads), std::memory_order_relaxed);
}

void
host_parallel_for(unsigned n, const std::function<void(unsigned)> &work)
{
   pool().run(n, work, host_threads());
}

HostParallel::HostParallel(unsigned n, std::function<void(unsigned)> work)
    : n_(n), work_(std::move(work))
{
   running_ = pool().start(n_, work_, host_threads());
}

void
HostParallel::finish()
{
   if (running_)
      pool().finish(work_, n_);
   running_ = false;
}

} // namespace lsgpu::sim
