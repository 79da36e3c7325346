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

} // namespace lsgpu::sim

#endif
