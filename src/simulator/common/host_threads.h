/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_HOST_THREADS_H
#define LSGPU_SIM_HOST_THREADS_H

#include <functional>
#include <memory>

namespace lsgpu::sim
{

/*
 * The host threads the GPU model runs its independent work on (docs/simulator.md,
 * "Host threads"): LSGPU_SIM_THREADS of them, by default one per host core. The model
 * decides what is independent (the modelled cores' own pixels); the pool only runs
 * it, so results never depend on the count.
 */

/* Names the calling thread (at most 15 characters) as ps, top and debuggers show it:
 * a device server's CPU can then be told apart by job (GPU thread, pool, JIT). */
void host_thread_name(const char *name);

/* The number of host threads the model uses (at least 1). */
unsigned host_threads();

/* Changes it for the rest of the process (tests compare thread counts in one). */
void host_threads_set(unsigned threads);

/* Calls work(i) for every i below n, on up to host_threads() threads, the caller's
 * among them, and returns when every call has returned. Sections may overlap (one
 * started inside a call, or while a HostParallel runs, or by a second device's GPU
 * thread): an idle worker joins the oldest that has calls left. */
void host_parallel_for(unsigned n, const std::function<void(unsigned)> &work);

/* The same calls, started now and finished later: the pool's other threads begin on
 * them while the caller goes on with its own work (parallel sections it starts in
 * between included); finish() (or the destructor) makes on the caller's thread the
 * calls they have not taken and returns when every call has returned. With one
 * thread, the constructor makes every call itself. */
class HostParallel
{
 public:
   HostParallel(unsigned n, std::function<void(unsigned)> work);
   ~HostParallel();
   HostParallel(const HostParallel &) = delete;
   HostParallel &operator=(const HostParallel &) = delete;
   void finish();

 private:
   struct State;
   std::function<void(unsigned)> work_;
   std::unique_ptr<State> job_; /* what the pool's workers see of it */
   bool running_ = false;       /* offered to the pool, not yet finished */
};

} // namespace lsgpu::sim

#endif
