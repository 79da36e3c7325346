/* SPDX-License-Identifier: MIT */
#include "scheduler.h"

#include <algorithm>
#include <new>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "common/host_threads.h"
#include "common/sim_debug.h"
#include "gpu/frontend/command_processor.h"
#include "gpu/counters.h"
#include "fence.h"
#include "gpu_context.h"

namespace lsgpu::sim
{

namespace
{

bool
debug_faults()
{
   static const bool on = sim_debug("faults");
   return on;
}

/* LSGPU_SIM_DEBUG=jobs: each job's modelled GPU time, what the hardware would take. */
bool
debug_jobs()
{
   static const bool on = sim_debug("jobs");
   return on;
}

/* Queued jobs that will never run: their fences signal -ECANCELED. */
void
cancel_queue(GpuContext &ctx)
{
   for (auto &job : ctx.queue)
      job->done->signal(-ECANCELED);
   ctx.queue.clear();
}

} // namespace

Scheduler::Scheduler(Counters &counters, uint64_t job_timeout_cycles)
    : counters_(counters), job_timeout_cycles_(job_timeout_cycles)
{
}

Scheduler::~Scheduler()
{
   {
      std::lock_guard<std::mutex> guard(lock_);
      stop_ = true;
   }
   wake_.notify_all();
   if (thread_started_)
      pthread_join(thread_, nullptr);
   /* Jobs still queued refer to their context, which holds the queue: cancel them
    * to break that cycle (the device is going away). */
   for (auto &w : contexts_) {
      if (auto ctx = w.lock())
         cancel_queue(*ctx);
   }
}

void
Scheduler::start_thread()
{
   /* Started on first use, so a device that never runs a job costs no thread. */
   if (thread_started_)
      return;
   thread_started_ = pthread_create(&thread_, nullptr, thread_main, this) == 0;
}

void
Scheduler::register_context(const std::shared_ptr<GpuContext> &ctx)
{
   std::lock_guard<std::mutex> guard(lock_);
   contexts_.push_back(ctx);
}

int
Scheduler::queue(std::shared_ptr<Job> job)
{
   {
      std::lock_guard<std::mutex> guard(lock_);
      if (job->context->guilty)
         return -ECANCELED;
      job->seq = next_seq_++;
      job->context->queue.push_back(std::move(job));
      start_thread();
      if (!thread_started_)
         return -ENOMEM;
   }
   wake_.notify_all();
   return 0;
}

std::shared_ptr<Job>
Scheduler::pick_locked(const GpuContext *running)
{
   std::shared_ptr<Job> best;
   uint32_t best_prio = 0;
   for (auto it = contexts_.begin(); it != contexts_.end();) {
      std::shared_ptr<GpuContext> ctx = it->lock();
      if (!ctx) {
         it = contexts_.erase(it);
         continue;
      }
      ++it;
      /* A running job's context waits for it; lower priorities wait for it too. */
      if (ctx->queue.empty() || ctx.get() == running ||
          (running && ctx->priority < running->priority))
         continue;
      const std::shared_ptr<Job> &head = ctx->queue.front();
      bool ready = std::all_of(head->in_fences.begin(), head->in_fences.end(),
                               [](const std::shared_ptr<Fence> &f) { return f->signaled(); });
      if (!ready)
         continue;
      if (!best || ctx->priority > best_prio ||
          (ctx->priority == best_prio && head->seq < best->seq)) {
         best = head;
         best_prio = ctx->priority;
      }
   }
   if (best)
      best->context->queue.pop_front();
   return best;
}

void *
Scheduler::thread_main(void *arg)
{
   static_cast<Scheduler *>(arg)->run();
   return nullptr;
}

/* The front end preempts a job at its preemption points (between packets, fragment
 * warps, primitives, workgroups: gpu/frontend/preemption.h), every kSliceNs at most,
 * for the ready jobs of other contexts (of its priority or higher), which run to
 * completion there: a context's short jobs wait for a warp of another's long job, never
 * for a whole draw or job (desktop clients beside a heavy renderer, tests sharing the
 * device). The others get one slice, as many whole jobs as start within kSliceNs, and
 * the preempted job then runs at least as long as they took before the next point: a
 * context that keeps submitting cannot starve the running job (it did: a test that
 * queued job after job held another's one job for two minutes). Jobs started this way
 * do not preempt in turn. A packet that never ends (a semaphore wait nobody releases)
 * preempts nothing: the watchdog ends it. */
int64_t
Scheduler::run_others(const GpuContext *running, int64_t *next_check_ns)
{
   const int64_t start = monotonic_now_ns();
   if (start < *next_check_ns)
      return 0;
   constexpr int64_t kSliceNs = 2000000;
   int64_t now = start;
   while (now - start < kSliceNs) {
      std::shared_ptr<Job> other;
      {
         std::lock_guard<std::mutex> guard(lock_);
         if (stop_)
            break;
         other = pick_locked(running);
      }
      if (!other)
         break;
      execute(std::move(other), false);
      now = monotonic_now_ns();
   }
   const int64_t spent = now - start;
   *next_check_ns = now + std::max(kSliceNs, spent);
   return spent;
}

void
Scheduler::execute(std::shared_ptr<Job> job, bool preemptible)
{
   GpuContext &ctx = *job->context;
   auto fault_va = std::make_shared<std::atomic<uint64_t>>(0);
   job->address_space.record_faults(fault_va);
   JobEnv env{job->address_space, ctx.regs, counters_, GpuClock(job_timeout_cycles_)};
   /* The GPU's timeline: a job starts when the GPU is free in modelled time and the
    * job has been submitted in host time, and takes its modelled GPU time; an idle GPU's
    * clock runs with the host's, so timestamps stay comparable with CLOCK_MONOTONIC. */
   env.start_ns = std::max(timeline_ns_, (uint64_t)monotonic_now_ns());
   int64_t next_check_ns = 0;
   if (preemptible)
      env.preempt = [this, &ctx, &next_check_ns] { return run_others(&ctx, &next_check_ns); };
   /* An in-fence that signalled with an error poisons the job: it does not run. */
   int in_error = 0;
   for (auto &f : job->in_fences)
      in_error = in_error ? in_error : f->error();
   JobResult result;
   if (!in_error)
      result = command_processor_execute(job->cmds.data(), job->cmds.size(), env);
   timeline_ns_ = std::max(timeline_ns_, env.start_ns + gpu_cycles_to_ns(env.clock.cycles()));
   /* The first faulting address, which only MMU faults record (0 is an address too). */
   const bool mmu_fault =
      result.fault == LSGPU_FAULT_MMU || result.fault == LSGPU_FAULT_MMU_READ_ONLY;
   const uint64_t fault_address = mmu_fault ? fault_va->load() : 0;

   {
      std::lock_guard<std::mutex> guard(lock_);
      if (result.fault != LSGPU_FAULT_NONE) {
         if (!ctx.first_fault.job) {
            GpuContext::Fault &f = ctx.first_fault;
            f.job = job->seq;
            f.fault = result.fault;
            f.opcode = result.fault_packet_words ? LSGPU_PKT_OPCODE(result.fault_packet[0]) : 0;
            f.dword = result.fault_dword;
            f.depth = result.fault_depth;
            f.va = fault_address;
         }
         ctx.guilty = true;
         ctx.guilty_count++;
         if (result.fault == LSGPU_FAULT_TIMEOUT) {
            /* A hang resets the GPU: everyone with work queued was innocent. */
            counters_.resets++;
            for (auto &w : contexts_) {
               auto other = w.lock();
               if (other && other.get() != &ctx && !other->queue.empty()) {
                  other->innocent_count++;
                  other->innocent_pending = true;
               }
            }
         }
         /* Jobs already queued on a lost context are cancelled, not run. */
         cancel_queue(ctx);
      }
   }

   if (result.fault != LSGPU_FAULT_NONE && debug_faults()) {
      command_processor_print_fault(stderr, result, &job->address_space);
      if (mmu_fault)
         fprintf(stderr, "lsgpu-sim:    first faulting address 0x%llx\n",
                 (unsigned long long)fault_address);
   }
   if (debug_jobs() && !in_error)
      fprintf(stderr, "lsgpu-sim: job %llu: %llu packets, %llu GPU cycles = %.3f ms at %u MHz%s\n",
              (unsigned long long)job->seq, (unsigned long long)result.packets,
              (unsigned long long)env.clock.cycles(), env.clock.cycles() / (LSGPU_CLOCK_MHZ * 1e3),
              LSGPU_CLOCK_MHZ, result.fault != LSGPU_FAULT_NONE ? " (faulted)" : "");
   int error = in_error ? -ECANCELED : result.fault != LSGPU_FAULT_NONE ? -EIO : 0;
   job->done->signal(error);
}

void
Scheduler::run()
{
   host_thread_name("lsgpu-gpu");
   std::unique_lock<std::mutex> guard(lock_);
   for (;;) {
      if (stop_)
         return;
      std::shared_ptr<Job> job = pick_locked(nullptr);
      if (!job) {
         /* In-fences are signalled by other jobs or by the CPU (SYNCOBJ_SIGNAL), which
          * does not wake us: poll while something is queued. */
         bool pending = false;
         for (auto &w : contexts_) {
            auto ctx = w.lock();
            pending |= ctx && !ctx->queue.empty();
         }
         if (pending)
            wake_.wait_for(guard, std::chrono::milliseconds(1));
         else
            wake_.wait(guard);
         continue;
      }
      guard.unlock();
      execute(std::move(job), true); /* drops the BO references before sleeping */
      guard.lock();
   }
}

void
Scheduler::before_fork()
{
   lock_.lock();
}

void
Scheduler::after_fork_parent()
{
   lock_.unlock();
}

void
Scheduler::after_fork_child()
{
   /* The thread did not survive fork(); jobs queued in the parent's copy belong to the
    * parent. Start afresh with an empty queue. */
   for (auto &w : contexts_) {
      if (auto ctx = w.lock())
         cancel_queue(*ctx);
   }
   thread_started_ = false;
   /* The condition variable may remember waiters of the parent's threads. */
   new (&wake_) std::condition_variable();
   lock_.unlock();
}

} // namespace lsgpu::sim
