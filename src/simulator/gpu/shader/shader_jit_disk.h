/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_SHADER_JIT_DISK_H
#define LSGPU_SIM_SHADER_JIT_DISK_H

#include <cstdint>
#include <string>
#include <vector>

namespace lsgpu::sim
{

/*
 * The JIT's compiled programs kept on disk, as Mesa's shader cache keeps llvmpipe's:
 * a device server that meets a binary an earlier one compiled (the same program,
 * simulator build and host CPU) links the stored host code in milliseconds instead of
 * running the interpreter and LLVM for seconds (docs/simulator.md, "The shader cores").
 *
 * LSGPU_SIM_JIT_CACHE names the directory, or is 0 to keep nothing; the default is
 * $XDG_CACHE_HOME/lsgpu-jit (~/.cache/lsgpu-jit). An entry holds its program's address
 * and words, compared on every load, and a hash of its object code, so a collision, a
 * truncated or altered file is a miss, never wrong code.
 */
class JitDiskCache
{
 public:
   /* The cache for this process, or nullptr when it is off or the simulator's build
    * cannot be identified (no GNU build ID: code from another build must never load). */
   static JitDiskCache *get();

   /* The key of a program for the host code generator `host` (CPU and features). */
   struct Key {
      uint64_t hash;
      std::string file;
   };
   Key key(uint32_t va, const std::vector<uint32_t> &words, const std::string &host) const;

   /* The object code stored under key for exactly (va, words), or false. */
   bool load(const Key &key, uint32_t va, const std::vector<uint32_t> &words,
             std::string *object) const;
   /* Stores it (written aside, then renamed: readers see all of an entry or none). */
   void store(const Key &key, uint32_t va, const std::vector<uint32_t> &words,
              const std::string &object) const;

   const std::string &directory() const { return dir_; }

   /* Entries loaded and stored by this process (tests, LSGPU_SIM_DEBUG=jit). */
   static uint64_t loads();
   static uint64_t stores();

   /* Past 256 MiB, deletes the least recently used entries down to three quarters of
    * it. It reads every entry's size and time, thousands of stat calls (50 ms of a
    * replay when it ran at the first shader load): a device server calls it as it
    * exits (shader_jit_disk_trim), never a GPU thread. */
   void trim() const;

 private:
   JitDiskCache(std::string dir, std::string build) : dir_(std::move(dir)), build_(std::move(build))
   {
   }

   std::string dir_;
   std::string build_; /* the simulator's build ID, part of every key */
};

/* trim() of the entries (*.jit) in dir, keeping at most max_bytes of them. */
void jit_disk_trim(const std::string &dir, uintmax_t max_bytes);

} // namespace lsgpu::sim

#endif
