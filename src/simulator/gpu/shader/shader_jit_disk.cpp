/* SPDX-License-Identifier: MIT */
/*
 * The JIT's disk cache (shader_jit_disk.h). An entry is one file named by its key:
 *   "LSGPUJIT", u32 format, u32 va, u32 word count, the words, u64 object size,
 *   u64 FNV-1a of the object, the object (an ELF relocatable LLVM wrote).
 */
#include "gpu/shader/shader_jit_disk.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <sys/stat.h>
#include <unistd.h>

namespace lsgpu::sim
{

namespace
{

constexpr char kMagic[8] = {'L', 'S', 'G', 'P', 'U', 'J', 'I', 'T'};
constexpr uint32_t kFormat = 3; /* 3: JitFrame holds three windows (uniform, load, store) */
/* Past this the oldest entries go, down to three quarters of it. */
constexpr uintmax_t kMaxBytes = 256u << 20;

std::atomic<uint64_t> g_loads{0}, g_stores{0};

uint64_t
fnv1a(uint64_t h, const void *data, size_t n)
{
   const auto *p = static_cast<const uint8_t *>(data);
   for (size_t i = 0; i < n; i++) {
      h ^= p[i];
      h *= 0x100000001b3ull;
   }
   return h;
}
constexpr uint64_t kFnvBasis = 0xcbf29ce484222325ull;

/* The GNU build ID of the object this code is linked into, as hex; empty if none. */
std::string
own_build_id()
{
   struct Search {
      uintptr_t addr;
      std::string id;
   } search{(uintptr_t)&own_build_id, {}};
   dl_iterate_phdr(
      [](dl_phdr_info *info, size_t, void *data) -> int {
         auto *s = static_cast<Search *>(data);
         bool mine = false;
         for (int i = 0; i < info->dlpi_phnum && !mine; i++) {
            const ElfW(Phdr) &ph = info->dlpi_phdr[i];
            const uintptr_t lo = info->dlpi_addr + ph.p_vaddr;
            mine = ph.p_type == PT_LOAD && s->addr >= lo && s->addr < lo + ph.p_memsz;
         }
         if (!mine)
            return 0;
         for (int i = 0; i < info->dlpi_phnum; i++) {
            const ElfW(Phdr) &ph = info->dlpi_phdr[i];
            if (ph.p_type != PT_NOTE)
               continue;
            const auto *p = (const uint8_t *)(info->dlpi_addr + ph.p_vaddr);
            const uint8_t *end = p + ph.p_memsz;
            while (p + sizeof(ElfW(Nhdr)) <= end) {
               const auto *n = (const ElfW(Nhdr) *)p;
               const uint8_t *name = p + sizeof(*n);
               const uint8_t *desc = name + ((n->n_namesz + 3) & ~3u);
               if (desc + n->n_descsz > end)
                  break;
               if (n->n_type == NT_GNU_BUILD_ID && n->n_namesz == 4 && !memcmp(name, "GNU", 4)) {
                  static const char kHex[] = "0123456789abcdef";
                  for (unsigned b = 0; b < n->n_descsz; b++) {
                     s->id += kHex[desc[b] >> 4];
                     s->id += kHex[desc[b] & 15];
                  }
                  return 1;
               }
               p = desc + ((n->n_descsz + 3) & ~3u);
            }
         }
         return 1;
      },
      &search);
   return search.id;
}

std::string
cache_directory()
{
   const char *env = getenv("LSGPU_SIM_JIT_CACHE");
   if (env && *env)
      return strcmp(env, "0") ? std::string(env) : std::string();
   if (const char *xdg = getenv("XDG_CACHE_HOME"); xdg && *xdg)
      return std::string(xdg) + "/lsgpu-jit";
   if (const char *home = getenv("HOME"); home && *home)
      return std::string(home) + "/.cache/lsgpu-jit";
   return {};
}

template <typename T>
void
put(std::string &out, T v)
{
   out.append((const char *)&v, sizeof(v));
}

} // namespace

JitDiskCache *
JitDiskCache::get()
{
   static JitDiskCache *cache = []() -> JitDiskCache * {
      std::string dir = cache_directory(), build = own_build_id();
      if (dir.empty() || build.empty())
         return nullptr;
      std::error_code ec;
      std::filesystem::create_directories(dir, ec);
      if (ec || access(dir.c_str(), R_OK | W_OK | X_OK) != 0)
         return nullptr;
      return new JitDiskCache(dir, build);
   }();
   return cache;
}

JitDiskCache::Key
JitDiskCache::key(uint32_t va, const std::vector<uint32_t> &words, const std::string &host) const
{
   uint64_t h = fnv1a(kFnvBasis, &kFormat, sizeof(kFormat));
   h = fnv1a(h, build_.data(), build_.size());
   h = fnv1a(h, host.data(), host.size() + 1);
   h = fnv1a(h, &va, sizeof(va));
   h = fnv1a(h, words.data(), words.size() * sizeof(uint32_t));
   char name[32];
   snprintf(name, sizeof(name), "%016llx.jit", (unsigned long long)h);
   return {h, dir_ + "/" + name};
}

bool
JitDiskCache::load(const Key &key, uint32_t va, const std::vector<uint32_t> &words,
                   std::string *object) const
{
   std::ifstream in(key.file, std::ios::binary);
   if (!in)
      return false;
   std::string head(sizeof(kMagic) + 12, '\0');
   if (!in.read(&head[0], (std::streamsize)head.size()) || memcmp(head.data(), kMagic, 8))
      return false;
   uint32_t format, file_va, count;
   memcpy(&format, &head[8], 4);
   memcpy(&file_va, &head[12], 4);
   memcpy(&count, &head[16], 4);
   if (format != kFormat || file_va != va || count != words.size())
      return false;
   std::vector<uint32_t> file_words(count);
   uint64_t size, hash;
   if (!in.read((char *)file_words.data(), (std::streamsize)count * 4) || file_words != words ||
       !in.read((char *)&size, 8) || !in.read((char *)&hash, 8) || size > (64u << 20))
      return false;
   object->resize(size);
   if (!in.read(&(*object)[0], (std::streamsize)size) ||
       fnv1a(kFnvBasis, object->data(), size) != hash)
      return false;
   /* A used entry is a recent one: trim() deletes the least recently used first. */
   utimensat(AT_FDCWD, key.file.c_str(), nullptr, 0);
   g_loads++;
   return true;
}

void
JitDiskCache::store(const Key &key, uint32_t va, const std::vector<uint32_t> &words,
                    const std::string &object) const
{
   std::string data(kMagic, sizeof(kMagic));
   put(data, kFormat);
   put(data, va);
   put(data, (uint32_t)words.size());
   data.append((const char *)words.data(), words.size() * sizeof(uint32_t));
   put(data, (uint64_t)object.size());
   put(data, fnv1a(kFnvBasis, object.data(), object.size()));
   data += object;
   std::string tmp = key.file + ".XXXXXX";
   const int fd = mkstemp(&tmp[0]);
   if (fd < 0)
      return;
   bool ok = true;
   for (size_t done = 0; ok && done < data.size();) {
      const ssize_t n = write(fd, data.data() + done, data.size() - done);
      ok = n > 0;
      done += ok ? (size_t)n : 0;
   }
   ok = close(fd) == 0 && ok;
   if (!ok || rename(tmp.c_str(), key.file.c_str()) != 0) {
      unlink(tmp.c_str());
      return;
   }
   g_stores++;
}

/* Keeps the directory below kMaxBytes, least recently used entries first (a load
 * refreshes an entry's time). */
void
JitDiskCache::trim() const
{
   jit_disk_trim(dir_, kMaxBytes);
}

void
jit_disk_trim(const std::string &dir, uintmax_t max_bytes)
{
   namespace fs = std::filesystem;
   std::error_code ec;
   std::vector<std::pair<fs::file_time_type, fs::directory_entry>> entries;
   uintmax_t total = 0;
   for (const auto &e : fs::directory_iterator(dir, ec)) {
      if (!e.is_regular_file(ec) || e.path().extension() != ".jit")
         continue;
      total += e.file_size(ec);
      entries.emplace_back(e.last_write_time(ec), e);
   }
   if (total <= max_bytes)
      return;
   std::sort(entries.begin(), entries.end(),
             [](const auto &a, const auto &b) { return a.first < b.first; });
   for (const auto &[time, e] : entries) {
      if (total <= max_bytes / 4 * 3)
         break;
      total -= std::min(total, e.file_size(ec));
      fs::remove(e.path(), ec);
   }
}

uint64_t
JitDiskCache::loads()
{
   return g_loads.load();
}

uint64_t
JitDiskCache::stores()
{
   return g_stores.load();
}

} // namespace lsgpu::sim
