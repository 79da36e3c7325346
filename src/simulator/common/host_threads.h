/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_HOST_THREADS_H
#define LSGPU_SIM_HOST_THREADS_H

#include <functional>

namespace lsgpu::sim
{

/*
 * The host threads the GPU model runs its independent work on (docs/simulator.md,
 * "Host threads"): LSGPU_SIM_THREADS of them, by default one per host core. The model
 * decides what is independent (the modelled cores' own pixels); the pool only runs
 * it, so results never depend on the count.
 */

/* The number of host threads the model uses (at least 1). */
unsigned host_threads();

/* Changes it for the rest of the process (tests compare thread counts in one). */
void host_threads_set(unsigned threads);

/* Calls work(i) for every i below n, on up to host_threads() threads, the caller's
 * among them, and returns when every call has returned. A call made while the pool is
 * busy (from inside work, or from a second device's GPU thread) runs on the caller's
 * thread alone: the same calls, in index order. */
void host_parallel_for(unsigned n, const std::function<void(unsigned)> &work);

/* The same calls, started now and finished later: the pool's other threads begin on
 * them while the caller goes on with its own work; finish() (or the destructor) runs
 * on the caller's thread what they have not taken and returns when every call has
 * returned. When the pool is busy or has one thread, the constructor makes every call
 * itself. Parallel work the caller starts in between runs on its own thread. */
class HostParallel
{
 public:
   HostParallel(unsigned n, std::function<void(unsigned)> work);
   ~HostParallel() { finish(); }
   HostParallel(const HostParallel &) = delete;
   HostParallel &operator=(const HostParallel &) = delete;
   void finish();

 private:
   unsigned n_;
   std::function<void(unsigned)> work_;
   bool running_ = false; /* the pool has it and holds its section */
};

} // namespace lsgpu::sim

#endif
