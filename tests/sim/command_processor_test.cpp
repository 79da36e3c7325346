/* SPDX-License-Identifier: MIT */
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <unistd.h>
#include <vector>

#include "gpu/memory/address_space.h"
#include "gpu/frontend/command_processor.h"
#include "gpu/counters.h"
#include "printed.h"

using namespace lsgpu::sim;

namespace
{

constexpr uint64_t kVa = 0x400000;

/* Appends a packet made by one of the generated packers. */
template <typename Pkt, size_t N>
void
emit(std::vector<uint32_t> &cmds, void (*pack)(uint32_t *, const Pkt *), const Pkt &p)
{
   size_t at = cmds.size();
   cmds.resize(at + 1 + N);
   pack(&cmds[at], &p);
}

void
fill(std::vector<uint32_t> &cmds, uint64_t va, uint32_t value)
{
   lsgpu_fill f = {};
   f.dst_va = va;
   f.pitch = 16;
   f.width = 4;
   f.height = 1;
   f.cpp = 4;
   f.value[0] = value;
   memset(f.mask, 0xff, sizeof(f.mask));
   emit<lsgpu_fill, LSGPU_FILL_LENGTH>(cmds, lsgpu_pack_fill, f);
}

void
fence_write(std::vector<uint32_t> &cmds, uint64_t va, uint32_t value)
{
   lsgpu_fence_write p = {va, value};
   emit<lsgpu_fence_write, LSGPU_FENCE_WRITE_LENGTH>(cmds, lsgpu_pack_fence_write, p);
}

void
call(std::vector<uint32_t> &cmds, uint64_t va, uint32_t size)
{
   lsgpu_call p = {va, size};
   emit<lsgpu_call, LSGPU_CALL_LENGTH>(cmds, lsgpu_pack_call, p);
}

struct CpFixture : ::testing::Test {
   std::vector<uint8_t> mem = std::vector<uint8_t>(65536, 0);
   AddressSpace as;
   Counters counters;
   uint32_t regs[LSGPU_REG_FILE_SIZE / 4] = {};
   uint64_t budget_cycles = 1000000000ull; /* 2 s of GPU time */

   void SetUp() override { as.map(kVa, mem.size(), mem.data()); }

   JobResult run(const std::vector<uint32_t> &cmds)
   {
      JobEnv env{as, regs, counters, GpuClock(budget_cycles)};
      return command_processor_execute(cmds.data(), cmds.size(), env);
   }
   uint32_t word(size_t byte_offset)
   {
      uint32_t v;
      memcpy(&v, &mem[byte_offset], 4);
      return v;
   }
   /* Places an indirect buffer in memory at byte offset `at`. */
   void put_ib(size_t at, const std::vector<uint32_t> &ib)
   {
      memcpy(&mem[at], ib.data(), ib.size() * 4);
   }
};

} // namespace

TEST_F(CpFixture, executes_packets_in_order)
{
   std::vector<uint32_t> cmds;
   fill(cmds, kVa, 1);
   fill(cmds, kVa + 4, 2);
   JobResult r = run(cmds);
   EXPECT_EQ(r.fault, LSGPU_FAULT_NONE);
   EXPECT_EQ(word(0), 1u);
   EXPECT_EQ(word(4), 2u); /* overwritten by the second fill */
   EXPECT_EQ(word(16), 2u);
   EXPECT_EQ(counters.packets.load(), 2u);
   EXPECT_EQ(counters.jobs.load(), 1u);
   EXPECT_EQ(counters.faults.load(), 0u);
}

TEST_F(CpFixture, nop_payload_is_skipped)
{
   std::vector<uint32_t> cmds = {LSGPU_PKT_HEADER(LSGPU_OP_NOP, 2),
                                 LSGPU_PKT_HEADER(LSGPU_OP_FILL, 99), 0xdeadbeef};
   fill(cmds, kVa, 7);
   EXPECT_EQ(run(cmds).fault, LSGPU_FAULT_NONE);
   EXPECT_EQ(mem[0], 7);
}

TEST_F(CpFixture, unknown_opcode_faults_at_its_header)
{
   std::vector<uint32_t> cmds;
   fill(cmds, kVa, 1);
   cmds.push_back(LSGPU_PKT_HEADER(0x7f, 0));
   JobResult r = run(cmds);
   EXPECT_EQ(r.fault, LSGPU_FAULT_BAD_OPCODE);
   EXPECT_EQ(r.fault_dword, 1 + LSGPU_FILL_LENGTH);
   EXPECT_EQ(counters.faults.load(), 1u);
}

TEST_F(CpFixture, truncated_packet_faults)
{
   std::vector<uint32_t> cmds;
   fill(cmds, kVa, 1);
   cmds.pop_back();
   EXPECT_EQ(run(cmds).fault, LSGPU_FAULT_TRUNCATED);
   EXPECT_EQ(mem[0], 0); /* nothing of the truncated packet ran */
}

TEST_F(CpFixture, huge_length_field_faults_as_truncated)
{
   std::vector<uint32_t> cmds = {LSGPU_PKT_HEADER(LSGPU_OP_NOP, 0xffffff)};
   EXPECT_EQ(run(cmds).fault, LSGPU_FAULT_TRUNCATED);
}

TEST_F(CpFixture, wrong_length_for_opcode_faults)
{
   std::vector<uint32_t> cmds;
   fill(cmds, kVa, 1);
   cmds[0] = LSGPU_PKT_HEADER(LSGPU_OP_FILL, LSGPU_FILL_LENGTH - 1);
   cmds.pop_back();
   EXPECT_EQ(run(cmds).fault, LSGPU_FAULT_BAD_LENGTH);
}

TEST_F(CpFixture, stops_at_the_first_fault)
{
   std::vector<uint32_t> cmds;
   fill(cmds, 0x10, 1); /* unmapped */
   fill(cmds, kVa, 9);
   JobResult r = run(cmds);
   EXPECT_EQ(r.fault, LSGPU_FAULT_MMU);
   EXPECT_EQ(r.fault_dword, 0u);
   EXPECT_EQ(mem[0], 0);
}

TEST_F(CpFixture, fence_write_lands_after_earlier_work)
{
   std::vector<uint32_t> cmds;
   fill(cmds, kVa, 3);
   fence_write(cmds, kVa + 256, 0xfeed);
   ASSERT_EQ(run(cmds).fault, LSGPU_FAULT_NONE);
   EXPECT_EQ(word(256), 0xfeedu);
}

TEST_F(CpFixture, misaligned_fence_write_faults)
{
   std::vector<uint32_t> cmds;
   fence_write(cmds, kVa + 2, 1);
   EXPECT_EQ(run(cmds).fault, LSGPU_FAULT_BAD_ARGUMENT);
}

TEST_F(CpFixture, timestamp_is_monotonic)
{
   std::vector<uint32_t> cmds;
   lsgpu_timestamp t = {kVa + 512};
   emit<lsgpu_timestamp, LSGPU_TIMESTAMP_LENGTH>(cmds, lsgpu_pack_timestamp, t);
   t.va = kVa + 520;
   emit<lsgpu_timestamp, LSGPU_TIMESTAMP_LENGTH>(cmds, lsgpu_pack_timestamp, t);
   ASSERT_EQ(run(cmds).fault, LSGPU_FAULT_NONE);
   uint64_t a, b;
   memcpy(&a, &mem[512], 8);
   memcpy(&b, &mem[520], 8);
   EXPECT_GT(a, 0u);
   EXPECT_GE(b, a);
}

/* Timestamps count the modelled GPU time between them (docs/isa.md §6.1), not host
 * time: a FILL of 16 bytes and two packets apart, however long the host took. */
TEST_F(CpFixture, timestamps_measure_gpu_time)
{
   std::vector<uint32_t> cmds;
   lsgpu_timestamp t = {kVa + 512};
   emit<lsgpu_timestamp, LSGPU_TIMESTAMP_LENGTH>(cmds, lsgpu_pack_timestamp, t);
   fill(cmds, kVa, 3);
   t.va = kVa + 520;
   emit<lsgpu_timestamp, LSGPU_TIMESTAMP_LENGTH>(cmds, lsgpu_pack_timestamp, t);
   ASSERT_EQ(run(cmds).fault, LSGPU_FAULT_NONE);
   uint64_t a, b;
   memcpy(&a, &mem[512], 8);
   memcpy(&b, &mem[520], 8);
   EXPECT_EQ(b - a, gpu_cycles_to_ns(2 * LSGPU_JOB_PACKET_CYCLES + copy_engine_cycles(16)));
}

/* GPU_TIME counts the context's modelled GPU time across its jobs. */
TEST_F(CpFixture, gpu_time_register_counts_the_contexts_gpu_time)
{
   std::vector<uint32_t> cmds;
   fill(cmds, kVa, 3);
   lsgpu_reg_store st = {LSGPU_REG_GPU_TIME_LO, kVa + 64};
   emit<lsgpu_reg_store, LSGPU_REG_STORE_LENGTH>(cmds, lsgpu_pack_reg_store, st);
   ASSERT_EQ(run(cmds).fault, LSGPU_FAULT_NONE);
   /* Two packets (FILL, REG_STORE) and the fill's 16 bytes. */
   const uint32_t first = 2 * LSGPU_JOB_PACKET_CYCLES + copy_engine_cycles(16);
   EXPECT_EQ(word(64), first);
   /* The next job of the context goes on from there. */
   ASSERT_EQ(run(cmds).fault, LSGPU_FAULT_NONE);
   EXPECT_EQ(word(64), 2 * first);
   EXPECT_EQ(regs[LSGPU_REG_GPU_TIME_HI / 4], 0u);
}

TEST_F(CpFixture, registers_write_and_store)
{
   std::vector<uint32_t> cmds;
   lsgpu_reg_write w = {LSGPU_REG_SCRATCH2, 0xabcd};
   emit<lsgpu_reg_write, LSGPU_REG_WRITE_LENGTH>(cmds, lsgpu_pack_reg_write, w);
   lsgpu_reg_store st = {LSGPU_REG_SCRATCH2, kVa + 64};
   emit<lsgpu_reg_store, LSGPU_REG_STORE_LENGTH>(cmds, lsgpu_pack_reg_store, st);
   ASSERT_EQ(run(cmds).fault, LSGPU_FAULT_NONE);
   EXPECT_EQ(word(64), 0xabcdu);
   EXPECT_EQ(regs[LSGPU_REG_SCRATCH2 / 4], 0xabcdu); /* the context keeps it */
}

TEST_F(CpFixture, undefined_register_faults)
{
   std::vector<uint32_t> cmds;
   lsgpu_reg_write w = {0x3ff0, 1};
   emit<lsgpu_reg_write, LSGPU_REG_WRITE_LENGTH>(cmds, lsgpu_pack_reg_write, w);
   EXPECT_EQ(run(cmds).fault, LSGPU_FAULT_BAD_ARGUMENT);
   std::vector<uint32_t> unaligned;
   w.reg = LSGPU_REG_SCRATCH0 + 2;
   emit<lsgpu_reg_write, LSGPU_REG_WRITE_LENGTH>(unaligned, lsgpu_pack_reg_write, w);
   EXPECT_EQ(run(unaligned).fault, LSGPU_FAULT_BAD_ARGUMENT);
}

TEST_F(CpFixture, call_runs_an_indirect_buffer_and_returns)
{
   std::vector<uint32_t> ib;
   fill(ib, kVa + 4096, 0x11);
   put_ib(8192, ib);
   std::vector<uint32_t> cmds;
   call(cmds, kVa + 8192, (uint32_t)ib.size());
   fence_write(cmds, kVa + 4096 + 64, 0x22);
   ASSERT_EQ(run(cmds).fault, LSGPU_FAULT_NONE);
   EXPECT_EQ(word(4096), 0x11u);
   EXPECT_EQ(word(4096 + 64), 0x22u);
}

TEST_F(CpFixture, recursive_call_faults_with_call_depth)
{
   /* An indirect buffer that calls itself. */
   std::vector<uint32_t> ib;
   call(ib, kVa + 8192, 1 + LSGPU_CALL_LENGTH);
   put_ib(8192, ib);
   JobResult r = run(ib);
   EXPECT_EQ(r.fault, LSGPU_FAULT_CALL_DEPTH);
   EXPECT_EQ(r.fault_depth, 4u);
}

TEST_F(CpFixture, fault_inside_indirect_buffer_reports_depth)
{
   std::vector<uint32_t> ib = {LSGPU_PKT_HEADER(LSGPU_OP_NOP, 0), LSGPU_PKT_HEADER(0x55, 0)};
   put_ib(8192, ib);
   std::vector<uint32_t> cmds;
   call(cmds, kVa + 8192, 2);
   JobResult r = run(cmds);
   EXPECT_EQ(r.fault, LSGPU_FAULT_BAD_OPCODE);
   EXPECT_EQ(r.fault_depth, 1u);
   EXPECT_EQ(r.fault_dword, 1u);
}

TEST_F(CpFixture, call_outside_memory_faults)
{
   std::vector<uint32_t> cmds;
   call(cmds, kVa + mem.size() - 4, 2);
   EXPECT_EQ(run(cmds).fault, LSGPU_FAULT_MMU);
}

TEST_F(CpFixture, satisfied_semaphore_passes)
{
   uint32_t v = 5;
   memcpy(&mem[128], &v, 4);
   std::vector<uint32_t> cmds;
   lsgpu_semaphore_wait w = {kVa + 128, 4, LSGPU_SEMAPHORE_OP_GEQUAL};
   emit<lsgpu_semaphore_wait, LSGPU_SEMAPHORE_WAIT_LENGTH>(cmds, lsgpu_pack_semaphore_wait, w);
   EXPECT_EQ(run(cmds).fault, LSGPU_FAULT_NONE);
}

TEST_F(CpFixture, semaphore_that_never_matches_times_out)
{
   budget_cycles = 50 * 1000 * LSGPU_CLOCK_MHZ; /* 50 ms: a wait takes real time */
   std::vector<uint32_t> cmds;
   lsgpu_semaphore_wait w = {kVa + 128, 1, LSGPU_SEMAPHORE_OP_EQUAL};
   emit<lsgpu_semaphore_wait, LSGPU_SEMAPHORE_WAIT_LENGTH>(cmds, lsgpu_pack_semaphore_wait, w);
   EXPECT_EQ(run(cmds).fault, LSGPU_FAULT_TIMEOUT);
}

TEST_F(CpFixture, endless_work_hits_the_watchdog)
{
   /* 4 levels of indirect buffers each calling the next 1000 times: 10^12 packets. */
   budget_cycles = 1000000; /* 2 ms of GPU time: a million packets */
   for (int level = 0; level < 4; level++) {
      std::vector<uint32_t> ib;
      for (int i = 0; i < 1000; i++) {
         if (level == 3)
            ib.push_back(LSGPU_PKT_HEADER(LSGPU_OP_NOP, 0));
         else
            call(ib, kVa + 16384 * (level + 1), level == 2 ? 1000 : 1000 * (1 + LSGPU_CALL_LENGTH));
      }
      put_ib(16384 * level, ib);
   }
   std::vector<uint32_t> cmds;
   call(cmds, kVa, 1000 * (1 + LSGPU_CALL_LENGTH));
   JobResult r = run(cmds);
   EXPECT_EQ(r.fault, LSGPU_FAULT_TIMEOUT);
   /* Killed at the packet whose cycle passed the limit, not after some host time. */
   EXPECT_EQ(r.packets, budget_cycles / LSGPU_JOB_PACKET_CYCLES + 1);
}

/* The watchdog counts the job's modelled GPU time (docs/isa.md §6), so the same job
 * meets the same fate however slow or busy the host is: 1000 packets take 1000
 * cycles, which a limit of 1000 allows and 999 does not, even with the host stalled
 * for 100 ms at every preemption point between them. */
TEST_F(CpFixture, watchdog_counts_gpu_cycles_not_host_time)
{
   std::vector<uint32_t> cmds(1000, LSGPU_PKT_HEADER(LSGPU_OP_NOP, 0));
   for (uint64_t limit : {1000ull, 999ull}) {
      uint64_t stalls = 0;
      JobEnv env{as, regs, counters, GpuClock(limit)};
      env.preempt = [&stalls]() -> int64_t {
         if (stalls++ < 2)
            usleep(50000);
         return 50000000;
      };
      JobResult r = command_processor_execute(cmds.data(), cmds.size(), env);
      EXPECT_EQ(r.fault, limit >= 1000 ? LSGPU_FAULT_NONE : LSGPU_FAULT_TIMEOUT) << limit;
      EXPECT_EQ(env.clock.cycles(), 1000u) << limit; /* the last packet charged, then stopped */
   }
   EXPECT_EQ(counters.gpu_cycles.load(), 2000u); /* both jobs' time, the killed one's too */
}

TEST_F(CpFixture, cache_flush_names_a_cache_and_no_reserved_bit)
{
   std::vector<uint32_t> cmds;
   lsgpu_cache_flush f = {true, true, true};
   emit<lsgpu_cache_flush, LSGPU_CACHE_FLUSH_LENGTH>(cmds, lsgpu_pack_cache_flush, f);
   EXPECT_EQ(run(cmds).fault, LSGPU_FAULT_NONE);
   std::vector<uint32_t> none;
   f = {false, false, false};
   emit<lsgpu_cache_flush, LSGPU_CACHE_FLUSH_LENGTH>(none, lsgpu_pack_cache_flush, f);
   EXPECT_EQ(run(none).fault, LSGPU_FAULT_BAD_ARGUMENT);
   /* Bit 3 is reserved: the packers never set it, the decoder rejects it. */
   std::vector<uint32_t> bad = {LSGPU_PKT_HEADER(LSGPU_OP_CACHE_FLUSH, 1), 8};
   EXPECT_EQ(run(bad).fault, LSGPU_FAULT_BAD_ARGUMENT);
}

TEST_F(CpFixture, fault_report_names_the_fault_the_packet_and_its_draw_state)
{
   /* A DRAW whose state has a depth format outside ZFMT. */
   lsgpu_draw_state st = {};
   st.vs_code_size = st.fs_code_size = 4;
   st.num_vs_outputs = st.width = st.height = 1;
   lsgpu_pack_draw_state((uint32_t *)&mem[1024], &st);
   unsigned n;
   const lsgpu_field_info *fields = lsgpu_draw_state_fields(&n);
   lsgpu_field_set((uint32_t *)&mem[1024], lsgpu_field_find(fields, n, "zs_format"), 0, 7);
   std::vector<uint32_t> cmds;
   fence_write(cmds, kVa, 1);
   lsgpu_draw d = {};
   d.state_va = kVa + 1024;
   d.mode = LSGPU_PRIM_TRIANGLES;
   d.count = 3;
   d.instance_count = 1;
   emit<lsgpu_draw, LSGPU_DRAW_LENGTH>(cmds, lsgpu_pack_draw, d);
   const JobResult r = run(cmds);
   ASSERT_EQ(r.fault, LSGPU_FAULT_BAD_ARGUMENT);
   EXPECT_EQ(r.fault_dword, 1u + LSGPU_FENCE_WRITE_LENGTH);

   const std::string out = printed([&](FILE *fp) { command_processor_print_fault(fp, r, &as); });
   const char *text = out.c_str();
   EXPECT_NE(strstr(text, "job fault BAD_ARGUMENT (4) at word 4"), nullptr) << text;
   EXPECT_NE(strstr(text, ("DRAW (0x0b), " + std::to_string(LSGPU_DRAW_LENGTH) + " words").c_str()),
             nullptr)
      << text;
   EXPECT_NE(strstr(text, "mode: TRIANGLES"), nullptr) << text;
   EXPECT_NE(strstr(text, "DRAW_STATE at 0x400400"), nullptr) << text;
   EXPECT_NE(strstr(text, "zs_format: (invalid 7)"), nullptr) << text;
}
