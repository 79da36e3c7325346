/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_SCHEDULER_H
#define LSGPU_SIM_SCHEDULER_H

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <pthread.h>
#include <vector>

#include "gpu/memory/address_space.h"

namespace lsgpu::sim
{

class Fence;
class GemObject;
struct Counters;
struct GpuContext;

/* One submitted job, from SUBMIT to its fence. */
struct Job {
   std::vector<uint32_t> cmds;
   std::vector<std::shared_ptr<GemObject>> bos; /* held until the job completes */
   AddressSpace address_space;
   std::vector<std::shared_ptr<Fence>> in_fences;
   std::shared_ptr<Fence> done;
   std::shared_ptr<GpuContext> context;
   uint64_t seq = 0;
};

/*
 * The GPU's front end: runs jobs on its own thread, so CPU and GPU overlap as on
 * hardware. Each context's jobs run in order; among contexts whose next job is ready
 * (all in-fences signalled), the highest priority, then the oldest, goes first, and a
 * running job yields between its packets (every 2 ms at most) to the ready jobs of
 * other contexts of its priority or higher. A job that faults marks its context
 * guilty; a watchdog timeout also counts as a GPU reset, which contexts with queued
 * work see as innocent.
 */
class Scheduler
{
 public:
   Scheduler(Counters &counters, uint64_t job_timeout_cycles);
   ~Scheduler();
   Scheduler(const Scheduler &) = delete;
   Scheduler &operator=(const Scheduler &) = delete;

   /* Queues a job; returns -ECANCELED if its context is guilty. */
   int queue(std::shared_ptr<Job> job);
   void register_context(const std::shared_ptr<GpuContext> &ctx);

   /* Lock for reading or changing context state (reset status). */
   std::mutex &lock() { return lock_; }

   /* fork() support: the child has no scheduler thread until restarted. */
   void before_fork();
   void after_fork_parent();
   void after_fork_child();

 private:
   static void *thread_main(void *arg);
   void run();
   /* The next ready job, of a context other than running's and of no lower priority. */
   std::shared_ptr<Job> pick_locked(const GpuContext *running);
   /* Runs a job (lock not held), then signals its fence. */
   void execute(std::shared_ptr<Job> job, bool preemptible);
   /* At a preemption point of running's job: the other contexts' ready jobs. */
   int64_t run_others(const GpuContext *running, int64_t *next_check_ns);
   void start_thread();

   Counters &counters_;
   const uint64_t job_timeout_cycles_; /* of modelled GPU time per job */
   uint64_t timeline_ns_ = 0;          /* when the last job ended in GPU time (GPU thread only) */
   std::mutex lock_;
   std::condition_variable wake_;
   std::vector<std::weak_ptr<GpuContext>> contexts_;
   uint64_t next_seq_ = 1;
   bool stop_ = false;
   bool thread_started_ = false;
   pthread_t thread_{};
};

} // namespace lsgpu::sim

#endif
