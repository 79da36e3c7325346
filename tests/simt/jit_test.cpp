/* SPDX-License-Identifier: MIT */
/*
 * The shader-core JIT against the interpreter. Every SimtRig run is already a
 * differential test (shader_differential.h); these add the cases a program's own test
 * would not reach: that every program really compiles, and that the watchdog stops both
 * models at the same instruction wherever its limit falls inside a compiled block.
 */
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "../common/rv32_words.h"
#include "gpu/shader/shader_jit_disk.h"
#include "simt_rig.h"

using lsgpu::test::SimtRig;
using namespace lsgpu::test::rv32;

namespace
{

bool
jit_off()
{
   return lsgpu::sim::shader_jit_mode() == lsgpu::sim::JitMode::Off;
}

} // namespace

TEST(simt_jit, every_test_program_compiles)
{
   if (jit_off())
      GTEST_SKIP() << "LSGPU_SIM_JIT=0";
   for (const char *name : {"alu", "atomics_barrier", "bench_alu", "bench_branchy", "demote_loop",
                            "dispatch", "helper_stack", "divergence", "faults", "fp", "quad",
                            "rest", "texture_fetch", "xlsgpu_math"}) {
      SimtRig rig(name);
      ASSERT_TRUE(rig.loaded()) << name;
      rig.run(0xffff, 100000);
      EXPECT_TRUE(rig.jit_compiled()) << name << " has no host code";
   }
}

/* The budget runs out at every position of bench_alu's six-instruction loop block. */
TEST(simt_jit, budget_ends_both_models_at_the_same_instruction)
{
   for (int64_t budget = 600; budget < 612; budget++) {
      SimtRig rig("bench_alu");
      ASSERT_TRUE(rig.loaded());
      for (unsigned l = 0; l < 16; l++)
         rig.set_in(0, l, 0, 1000000);
      const auto r = rig.run(0xffff, budget); /* the rig compares the two models */
      EXPECT_EQ(r.fault, LSGPU_FAULT_TIMEOUT) << "budget " << budget;
      EXPECT_EQ(rig.counters.warp_instructions.load(), (uint64_t)budget) << "budget " << budget;
   }
}

/* bench_branchy's if/else splits the lanes on every trip round its loop, and lanes leave
 * the loop at different trips: the compiled blocks hand the lanes on among themselves
 * (a split runs its lower side, the other side resumes, the sides reconverge) rather
 * than through the dispatch. Whole runs give each lane its own result, for full and
 * partial warps; the budget ends both models at every instruction of a stretch of
 * trips. */
TEST(simt_jit, divergent_loops_hand_lanes_on_as_the_interpreter_does)
{
   auto expected = [](uint32_t trips) {
      uint32_t t1 = 0;
      for (; trips; trips--)
         t1 = (trips & 3) ? t1 + 3 : t1 << 1;
      return t1;
   };
   for (uint16_t lanes : {0xffff, 0x00f0, 0x8421, 0x0001, 0x7ffe}) {
      SimtRig rig("bench_branchy");
      ASSERT_TRUE(rig.loaded());
      for (unsigned l = 0; l < 16; l++)
         rig.set_in(0, l, 0, 37 + 5 * (l % 3)); /* plus the lane number, in the program */
      const auto r = rig.run(lanes);            /* the rig compares the two models */
      ASSERT_EQ(r.fault, LSGPU_FAULT_NONE);
      for (unsigned l = 0; l < 16; l++) {
         if (lanes & (1u << l)) {
            EXPECT_EQ(rig.out(0, l, 0), expected(37 + 5 * (l % 3) + l)) << "lane " << l;
         }
      }
   }
   for (int64_t budget = 300; budget < 340; budget++) {
      SimtRig rig("bench_branchy");
      ASSERT_TRUE(rig.loaded());
      for (unsigned l = 0; l < 16; l++)
         rig.set_in(0, l, 0, 1000);
      const auto r = rig.run(0xfff7, budget);
      EXPECT_EQ(r.fault, LSGPU_FAULT_TIMEOUT) << "budget " << budget;
      EXPECT_EQ(rig.counters.warp_instructions.load(), (uint64_t)budget) << "budget " << budget;
   }
}

/* The GPU-time watchdog checks every 1024 warp instructions; the check that fires falls
 * at a different position of the loop block for each limit. */
TEST(simt_jit, gpu_time_watchdog_ends_both_models_at_the_same_instruction)
{
   for (uint64_t limit = 300; limit < 6000; limit += 263) {
      SimtRig rig("bench_alu");
      ASSERT_TRUE(rig.loaded());
      rig.clock_limit = limit;
      for (unsigned l = 0; l < 16; l++)
         rig.set_in(0, l, 0, 1000000);
      const auto r = rig.run(0xffff, INT64_MAX);
      EXPECT_EQ(r.fault, LSGPU_FAULT_TIMEOUT) << "limit " << limit;
      /* The check comes before the instruction: the count stops at a multiple of 1024. */
      const uint64_t ran = rig.counters.warp_instructions.load();
      EXPECT_TRUE(ran > 0 && ran % 1024 == 0) << "limit " << limit << ": " << ran;
   }
}

/* A long session loads ever new shaders: past its limit the cache drops the binaries
 * no program holds, with their host code, and what it keeps still runs. */
TEST(simt_jit, the_cache_drops_binaries_nothing_holds)
{
   if (jit_off())
      GTEST_SKIP() << "LSGPU_SIM_JIT=0";
   lsgpu::sim::shader_jit_set_cache_limit(8);
   for (uint32_t i = 0; i < 24; i++) {
      const std::vector<uint32_t> code = {
         i << 20 | 5u << 7 | 0x13,               /* addi t0, x0, i */
         5u << 20 | 11u << 15 | 2u << 12 | 0x23, /* sw t0, 0(a1) */
         0x00008067,                             /* ret */
      };
      SimtRig rig(code, 1);
      ASSERT_TRUE(rig.loaded());
      EXPECT_EQ(rig.run().fault, LSGPU_FAULT_NONE);
      EXPECT_EQ(rig.out(0, 5, 0), i);
      EXPECT_TRUE(rig.jit_compiled()) << "program " << i;
   }
   EXPECT_LE(lsgpu::sim::shader_jit_cached_programs(), 8u);
   lsgpu::sim::shader_jit_set_cache_limit(1024);
}

/* Host code kept on disk (shader_jit_disk.h): a binary compiled once is linked from its
 * entry the next time the JIT meets it (here after the in-memory cache dropped it; in
 * life, in the next device server), and runs as the interpreter does; an entry whose
 * object was altered is a miss, compiled and stored again; a load refreshes an
 * entry's time. */
TEST(simt_jit, the_disk_cache_links_code_an_earlier_compile_kept)
{
   namespace fs = std::filesystem;
   const std::string dir = lsgpu::sim::shader_jit_disk_directory();
   if (jit_off() || dir.empty())
      GTEST_SKIP() << "no JIT, or LSGPU_SIM_JIT_CACHE=0";
   /* A program no earlier run stored: its constant comes from this process and time. */
   const uint32_t value = ((uint32_t)getpid() * 2654435761u ^
                           (uint32_t)std::chrono::steady_clock::now().time_since_epoch().count()) &
                          0x7ff;
   const std::vector<uint32_t> code = {
      value << 20 | 5u << 7 | 0x13,                     /* addi t0, x0, value */
      0x1234u << 12 | 6u << 7 | 0x37,                   /* lui t1, 0x1234 */
      5u << 20 | 11u << 15 | 2u << 12 | 0x23,           /* sw t0, 0(a1) */
      6u << 20 | 11u << 15 | 2u << 12 | 4u << 7 | 0x23, /* sw t1, 4(a1) */
      0x00008067,                                       /* ret */
   };
   auto run = [&] {
      SimtRig rig(code, 1);
      ASSERT_TRUE(rig.loaded());
      EXPECT_EQ(rig.run().fault, LSGPU_FAULT_NONE);
      EXPECT_EQ(rig.out(0, 5, 0), value);
      EXPECT_TRUE(rig.jit_compiled());
   };
   auto forget = [] { /* the in-memory cache drops it and its host code */
                      lsgpu::sim::shader_jit_set_cache_limit(0);
                      lsgpu::sim::shader_jit_set_cache_limit(1024);
   };
   const uint64_t loads = lsgpu::sim::shader_jit_disk_loads(),
                  stores = lsgpu::sim::shader_jit_disk_stores();
   const auto before = fs::file_time_type::clock::now();
   run();
   EXPECT_EQ(lsgpu::sim::shader_jit_disk_stores(), stores + 1);
   forget();
   run();
   EXPECT_EQ(lsgpu::sim::shader_jit_disk_loads(), loads + 1) << "not linked from " << dir;
   EXPECT_EQ(lsgpu::sim::shader_jit_disk_stores(), stores + 1);

   /* The entry just written: its last byte is the object's. */
   fs::path entry;
   for (const auto &e : fs::directory_iterator(dir))
      if (e.path().extension() == ".jit" && e.last_write_time() >= before)
         entry = e.path();
   ASSERT_FALSE(entry.empty());
   {
      std::fstream f(entry, std::ios::in | std::ios::out | std::ios::binary);
      f.seekg(-1, std::ios::end);
      const char last = (char)(f.get() ^ 0x5a);
      f.seekp(-1, std::ios::end);
      f.put(last);
   }
   forget();
   run();
   EXPECT_EQ(lsgpu::sim::shader_jit_disk_loads(), loads + 1);
   EXPECT_EQ(lsgpu::sim::shader_jit_disk_stores(), stores + 2);
   /* A load makes the entry recent (the cache trims the least recently used). */
   const auto written = fs::last_write_time(entry);
   forget();
   run();
   EXPECT_EQ(lsgpu::sim::shader_jit_disk_loads(), loads + 2);
   EXPECT_GT(fs::last_write_time(entry), written);
}

/* A program that became hot is compiled on the JIT's thread while the interpreter goes
 * on; a device server that stops waits for that compile (shader_jit_finish), so the
 * host code reaches the disk cache even when LLVM takes longer than the session. */
TEST(simt_jit, finishing_the_jit_thread_compiles_and_keeps_the_hot_programs)
{
   if (jit_off())
      GTEST_SKIP() << "LSGPU_SIM_JIT=0";
   /* A loop of 2 x 0x40000 warp instructions, past the hot mark in one run; its
    * constant makes it a binary no earlier run has compiled. */
   const uint32_t value = ((uint32_t)getpid() * 2654435761u ^
                           (uint32_t)std::chrono::steady_clock::now().time_since_epoch().count()) &
                          0x7ff;
   const std::vector<uint32_t> code = {
      value << 20 | 5u << 7 | 0x13,           /* addi t0, x0, value */
      0x40u << 12 | 6u << 7 | 0x37,           /* lui t1, 0x40 */
      0xfff30313,                             /* loop: addi t1, t1, -1 */
      0xfe031ee3,                             /* bne t1, x0, loop */
      5u << 20 | 11u << 15 | 2u << 12 | 0x23, /* sw t0, 0(a1) */
      0x00008067,                             /* ret */
   };
   SimtRig rig(code, 1);
   ASSERT_TRUE(rig.loaded());
   const uint64_t stores = lsgpu::sim::shader_jit_disk_stores();
   EXPECT_EQ(rig.run_once(lsgpu::sim::JitMode::Hot).fault, LSGPU_FAULT_NONE);
   EXPECT_FALSE(rig.jit_compiled()) << "compiled before it was hot";
   /* Hot now: this run queues the compile and is interpreted. */
   EXPECT_EQ(rig.run_once(lsgpu::sim::JitMode::Hot).fault, LSGPU_FAULT_NONE);
   EXPECT_EQ(lsgpu::sim::shader_jit_finish(std::chrono::seconds(60)), 0u);
   EXPECT_TRUE(rig.jit_compiled());
   if (!lsgpu::sim::shader_jit_disk_directory().empty()) {
      EXPECT_EQ(lsgpu::sim::shader_jit_disk_stores(), stores + 1);
   }
   EXPECT_EQ(rig.run_once(lsgpu::sim::JitMode::Hot).fault, LSGPU_FAULT_NONE);
   EXPECT_EQ(rig.out(0, 5, 0), value);
   /* Nothing queued: finishing returns at once. */
   EXPECT_EQ(lsgpu::sim::shader_jit_finish(std::chrono::milliseconds(0)), 0u);
}

/* Word loads that every lane makes at one address read host memory in generated code
 * once an earlier one has found the mapping (JitFrame::uniform_*): the mapping's first
 * and last words, an f register, x0 (not written), a per-lane load between them, and
 * a load just past the mapping, which faults as the interpreter's does. The rig
 * compares every register and the fault with the interpreter's. */
TEST(simt_jit, uniform_word_loads_read_the_mapping_a_load_found_and_fault_past_it)
{
   constexpr unsigned a0 = 10, a1 = 11, a2 = 12, t0 = 5, t1 = 6, t2 = 7, t3 = 28, t4 = 29;
   const std::vector<uint32_t> code = {
      lw(t0, a2, 0),      /* through the helper: finds the constants' mapping */
      lw(t1, a2, 8),      /* inline */
      addi(t3, a2, 2047), /* a2 + 4092: the mapping's last word */
      addi(t3, t3, 2045), /* */
      lw(t4, t3, 0),      /* inline */
      lw(t2, a0, 0),      /* each lane its own input word */
      flw(1, a2, 12),     /* inline, into f1 */
      lw(0, a2, 16),      /* x0 stays 0 */
      sw(t0, a1, 0),      /* */
      sw(t1, a1, 4),      /* */
      sw(t4, a1, 8),      /* */
      sw(t2, a1, 12),     /* */
      fsw(1, a1, 16),     /* */
      sw(0, a1, 20),      /* */
      addi(t3, t3, 4),    /* a2 + 4096: past the mapping */
      lw(t4, t3, 0),      /* faults */
      0x00008067,         /* ret */
   };
   SimtRig rig(code, 1);
   ASSERT_TRUE(rig.loaded());
   rig.set_global(0, 0x11111111);
   rig.set_global(2, 0x22222222);
   rig.set_global(3, 0x3f800000);
   rig.set_global(4, 0x44444444);
   rig.set_global(1023, 0x55555555);
   for (unsigned l = 0; l < 16; l++)
      rig.set_in(0, l, 0, 100 + l);
   /* Half the lanes: the loads write only theirs. */
   const auto r = rig.run(0x0ff0);
   EXPECT_EQ(r.fault, LSGPU_FAULT_MMU);
   for (unsigned l = 4; l < 12; l++) {
      EXPECT_EQ(rig.out(0, l, 0), 0x11111111u) << l;
      EXPECT_EQ(rig.out(0, l, 1), 0x22222222u) << l;
      EXPECT_EQ(rig.out(0, l, 2), 0x55555555u) << l;
      EXPECT_EQ(rig.out(0, l, 3), 100 + l) << l;
      EXPECT_EQ(rig.out_f(0, l, 4), 1.0f) << l;
      EXPECT_EQ(rig.out(0, l, 5), 0u) << l;
   }
   EXPECT_EQ(rig.out(0, 0, 0), 0xaaaaaaaau);
}

/* Word loads and stores at each lane's own address go through the mapping the first
 * of their kind found (JitFrame's load and store windows): lane_windows reads its
 * input block and writes its output block, demotes lanes (whose stores must drop),
 * and has every lane store to one address (the last lane's stays). Full and partial
 * warps; then a load past the input blocks and a store past the output blocks, which
 * fault as the interpreter's do. The rig compares every register, the memory
 * and the fault with the interpreter's. */
TEST(simt_jit, lane_word_accesses_use_the_mapping_an_earlier_one_found)
{
   for (uint16_t lanes : {0xffff, 0x0ff0, 0x8001}) {
      SCOPED_TRACE(testing::Message() << "lanes " << std::hex << lanes);
      SimtRig rig("lane_windows");
      ASSERT_TRUE(rig.loaded());
      for (unsigned l = 0; l < 16; l++) {
         rig.set_in(0, l, 0, 100 + l);
         rig.set_in(0, l, 1, 200 + l);
         rig.set_in_f(0, l, 2, 0.5f * l);
         rig.set_in(0, l, 31, 300 + l);
      }
      ASSERT_EQ(rig.run(lanes).fault, LSGPU_FAULT_NONE);
      for (unsigned l = 0; l < 16; l++) {
         SCOPED_TRACE(testing::Message() << "lane " << l);
         if (!(lanes >> l & 1)) {
            EXPECT_EQ(rig.out(0, l, 0), 0xaaaaaaaau);
            continue;
         }
         EXPECT_EQ(rig.out(0, l, 0), 100 + l);
         EXPECT_EQ(rig.out(0, l, 1), 200 + l);
         EXPECT_EQ(rig.out_f(0, l, 2), 0.5f * l);
         EXPECT_EQ(rig.out(0, l, 3), 300 + l);
         EXPECT_EQ(rig.out(0, l, 4), l % 4 ? l : 0xaaaaaaaau);
      }
      /* Lane 0's block: the highest lane that runs and is no helper. */
      unsigned last = 15;
      while (!(lanes >> last & 1) || last % 4 == 0)
         last--;
      EXPECT_EQ(rig.out(0, 0, 6), last);
   }
   for (uint32_t ending : {1u, 2u}) {
      SCOPED_TRACE(testing::Message() << "ending " << ending);
      SimtRig rig("lane_windows");
      ASSERT_TRUE(rig.loaded());
      rig.set_global(0, ending);
      EXPECT_EQ(rig.run().fault, LSGPU_FAULT_MMU);
      /* The load's value is never stored; the store's lanes before lane 15 stored, lane
       * 2's into lane 3's block, as the interpreter goes lane by lane. */
      EXPECT_EQ(rig.out(0, 3, 5), ending == 1 ? 0xaaaaaaaau : 2u);
   }
}

/* The disk cache keeps under its size by deleting the least recently used entries,
 * down to three quarters of the limit, and nothing but entries. */
TEST(simt_jit, trimming_the_disk_cache_deletes_the_least_recently_used_entries)
{
   namespace fs = std::filesystem;
   char tmpl[] = "/tmp/lsgpu-jit-trim-XXXXXX";
   ASSERT_NE(mkdtemp(tmpl), nullptr);
   const fs::path dir = tmpl;
   const auto now = fs::file_time_type::clock::now();
   for (int i = 0; i < 10; i++) {
      const fs::path p = dir / ("entry" + std::to_string(i) + ".jit");
      std::ofstream(p, std::ios::binary) << std::string(1000, 'x');
      fs::last_write_time(p, now - std::chrono::minutes(10 - i)); /* entry9 is the newest */
   }
   std::ofstream(dir / "other.tmp", std::ios::binary) << std::string(5000, 'y');
   lsgpu::sim::jit_disk_trim(dir.string(), 20000); /* under the limit: nothing goes */
   EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 11);
   lsgpu::sim::jit_disk_trim(dir.string(), 6000); /* down to 4,500 bytes: four entries */
   for (int i = 0; i < 10; i++)
      EXPECT_EQ(fs::exists(dir / ("entry" + std::to_string(i) + ".jit")), i >= 6) << i;
   EXPECT_TRUE(fs::exists(dir / "other.tmp"));
   fs::remove_all(dir);
}
