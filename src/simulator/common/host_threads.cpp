/* SPDX-License-Identifier: MIT */
#include "common/host_threads.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <pthread.h>
#include <thread>
#include <vector>
#include <xmmintrin.h>

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

/* Workers start when first needed and live as long as the process. Parallel sections
 * (jobs) may overlap: a GPU thread's asynchronous fragment batch, the vertex shading
 * it starts meanwhile, another device's GPU thread, a section started inside a call.
 * An idle worker joins the oldest job with calls left, so work started later is not
 * held back behind a batch the workers have finished their part of. */
class Pool
{
 public:
   struct Job {
      const std::function<void(unsigned)> *work = nullptr;
      unsigned n = 0;
      std::atomic<unsigned> next{0};
      unsigned seats = 0; /* workers that may still join (under mutex_) */
      /* Workers inside its calls (changed under mutex_; read without it to spin). */
      std::atomic<unsigned> active{0};
   };

   void run(unsigned n, const std::function<void(unsigned)> &work, unsigned threads)
   {
      Job job;
      if (start(job, n, work, threads))
         finish(job);
   }

   /* Offers the calls to the workers and returns true; finish() must follow. False
    * after making every call on the caller's thread (one thread, or one call). */
   bool start(Job &job, unsigned n, const std::function<void(unsigned)> &work, unsigned threads)
   {
      if (threads <= 1 || n <= 1) {
         for (unsigned i = 0; i < n; i++)
            work(i);
         return false;
      }
      job.work = &work;
      job.n = n;
      job.next.store(0, std::memory_order_relaxed);
      job.seats = std::min(threads, n) - 1;
      {
         std::lock_guard<std::mutex> lock(mutex_);
         while (workers_ < job.seats) {
            std::thread(&Pool::worker, this).detach();
            workers_++;
         }
         jobs_.push_back(&job);
         started_.fetch_add(1, std::memory_order_release);
      }
      wake_.notify_all();
      return true;
   }

   /* Makes the calls no worker has taken, then waits for those they have. */
   void finish(Job &job)
   {
      take(job);
      /* The workers' calls usually end within microseconds of ours: sleeping on the
       * condition variable and being woken costs more than that on a virtual machine
       * (4 % of a dense replay's CPU was the futex calls of its ~6,000 sections). */
      spin([&] { return job.active.load(std::memory_order_acquire) == 0; });
      std::unique_lock<std::mutex> lock(mutex_);
      jobs_.erase(std::find(jobs_.begin(), jobs_.end(), &job)); /* no one joins now */
      done_.wait(lock, [&] { return job.active == 0; });
   }

 private:
   /* Waits a little (about 50 µs) for done() without a system call. */
   template <typename Done> static void spin(Done done)
   {
      for (unsigned i = 0; i < kSpins && !done(); i++)
         _mm_pause();
   }
   static constexpr unsigned kSpins = 2000;

   static void take(Job &job)
   {
      for (unsigned i; (i = job.next.fetch_add(1, std::memory_order_relaxed)) < job.n;)
         (*job.work)(i);
   }

   /* The oldest job a worker may join. Caller holds mutex_. */
   Job *joinable() const
   {
      for (Job *job : jobs_) {
         if (job->seats && job->next.load(std::memory_order_relaxed) < job->n)
            return job;
      }
      return nullptr;
   }

   void worker()
   {
      host_thread_name("lsgpu-pool");
      std::unique_lock<std::mutex> lock(mutex_);
      for (;;) {
         Job *job = joinable();
         if (!job) {
            /* The GPU thread starts its next section (a batch's vertex warps, the
             * next fragment batch) soon after the last: watch for it before sleeping. */
            const uint64_t seen = started_.load(std::memory_order_acquire);
            lock.unlock();
            spin([&] { return started_.load(std::memory_order_acquire) != seen; });
            lock.lock();
         }
         wake_.wait(lock, [&] { return (job = joinable()) != nullptr; });
         job->seats--;
         job->active++;
         lock.unlock();
         take(*job);
         lock.lock();
         if (--job->active == 0)
            done_.notify_all();
      }
   }

   std::mutex mutex_;
   std::condition_variable wake_, done_;
   unsigned workers_ = 0;
   std::atomic<uint64_t> started_{0}; /* jobs started so far */
   std::vector<Job *> jobs_; /* started, not yet finished: oldest first */
};

Pool &
pool()
{
   static Pool *p = new Pool; /* never destroyed: detached workers wait on it */
   return *p;
}

} // namespace

void
host_thread_name(const char *name)
{
   pthread_setname_np(pthread_self(), name);
}

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

struct HostParallel::State : Pool::Job {
};

HostParallel::HostParallel(unsigned n, std::function<void(unsigned)> work)
    : work_(std::move(work)), job_(std::make_unique<State>())
{
   running_ = pool().start(*job_, n, work_, host_threads());
}

HostParallel::~HostParallel()
{
   finish();
}

void
HostParallel::finish()
{
   if (running_)
      pool().finish(*job_);
   running_ = false;
}

} // namespace lsgpu::sim
