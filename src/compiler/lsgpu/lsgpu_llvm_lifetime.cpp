/* SPDX-License-Identifier: MIT */

/* Whether LLVM may still be called: not once the process has begun to exit.
 *
 * exit() runs atexit handlers and C++ static destructors in the reverse order of
 * their registration. LLVM's static objects (global ones when libLLVM loads,
 * function-local ones on first use, inside a compilation) are destroyed there, and an
 * application's own handler registered before them runs after them. Piglit's
 * teardown is one: it unbinds the context, st/mesa flushes its glBitmap cache, and
 * the bitmap fragment variant compiles inside a half-destroyed LLVM (a segfault in
 * SelectionDAG, or ISel's "cannot split" fatal error).
 *
 * The guard registers a handler that marks the process as exiting, again after
 * compilations, so that it is always younger than the LLVM statics that compilations
 * created and therefore runs before their destructors. Every compilation up to the
 * 256th registers (that is where LLVM first touches its code paths), then every
 * power of two, which bounds the atexit list in a long-lived process. */

#include <atomic>
#include <cstdlib>
#include <mutex>

#include "lsgpu_llvm.h"

namespace lsgpu
{

static std::atomic<bool> exiting{false};

static void
mark_exiting()
{
   exiting.store(true, std::memory_order_release);
}

bool
llvm_usable()
{
   return !exiting.load(std::memory_order_acquire);
}

void
llvm_note_compilation()
{
   static std::mutex lock;
   static uint64_t compilations = 0;
   std::lock_guard<std::mutex> guard(lock);
   const uint64_t n = ++compilations;
   if (n <= 256 || (n & (n - 1)) == 0)
      atexit(mark_exiting);
}

} // namespace lsgpu

extern "C" bool
lsgpu_compiler_available(void)
{
   return lsgpu::llvm_usable();
}
