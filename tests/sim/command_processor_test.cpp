/* SPDX-License-Identifier: MIT */
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "gpu/address_space.h"
#include "gpu/command_processor.h"
#include "gpu/counters.h"

using namespace lsgpu::sim;

namespace
{

constexpr uint64_t kVa = 0x400000;

std::vector<uint32_t>
fill_packet(uint64_t va, uint32_t value)
{
   std::vector<uint32_t> p(1 + LSGPU_PKT_FILL_LENGTH, 0);
   lsgpu_pkt_fill f = {};
   f.dst_va_lo = (uint32_t)va;
   f.dst_va_hi = (uint32_t)(va >> 32);
   f.pitch = 16;
   f.width = 4;
   f.height = 1;
   f.cpp = 4;
   f.value[0] = value;
   memset(f.mask, 0xff, sizeof(f.mask));
   lsgpu_pack_fill(p.data(), &f);
   return p;
}

struct CpFixture : ::testing::Test {
   std::vector<uint8_t> mem = std::vector<uint8_t>(4096, 0);
   AddressSpace as;
   Counters counters;
   void SetUp() override { as.map(kVa, mem.size(), mem.data()); }

   JobResult run(const std::vector<uint32_t> &cmds)
   {
      return command_processor_execute(cmds.data(), cmds.size(), as, counters);
   }
};

} // namespace

TEST_F(CpFixture, executes_packets_in_order)
{
   auto cmds = fill_packet(kVa, 1);
   auto second = fill_packet(kVa + 4, 2);
   cmds.insert(cmds.end(), second.begin(), second.end());
   JobResult r = run(cmds);
   EXPECT_EQ(r.fault, LSGPU_FAULT_NONE);
   uint32_t v[5];
   memcpy(v, mem.data(), sizeof(v));
   EXPECT_EQ(v[0], 1u);
   EXPECT_EQ(v[1], 2u); /* overwritten by the second fill */
   EXPECT_EQ(v[4], 2u);
   EXPECT_EQ(counters.packets.load(), 2u);
   EXPECT_EQ(counters.jobs.load(), 1u);
   EXPECT_EQ(counters.faults.load(), 0u);
}

TEST_F(CpFixture, nop_payload_is_skipped)
{
   std::vector<uint32_t> cmds = {LSGPU_PKT_HEADER(LSGPU_OP_NOP, 2),
                                 LSGPU_PKT_HEADER(LSGPU_OP_FILL, 99), 0xdeadbeef};
   auto fill = fill_packet(kVa, 7);
   cmds.insert(cmds.end(), fill.begin(), fill.end());
   EXPECT_EQ(run(cmds).fault, LSGPU_FAULT_NONE);
   EXPECT_EQ(mem[0], 7);
}

TEST_F(CpFixture, unknown_opcode_faults_at_its_header)
{
   auto cmds = fill_packet(kVa, 1);
   cmds.push_back(LSGPU_PKT_HEADER(0x7f, 0));
   JobResult r = run(cmds);
   EXPECT_EQ(r.fault, LSGPU_FAULT_BAD_OPCODE);
   EXPECT_EQ(r.fault_dword, 1 + LSGPU_PKT_FILL_LENGTH);
   EXPECT_EQ(counters.faults.load(), 1u);
}

TEST_F(CpFixture, truncated_packet_faults)
{
   auto cmds = fill_packet(kVa, 1);
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
   auto cmds = fill_packet(kVa, 1);
   cmds[0] = LSGPU_PKT_HEADER(LSGPU_OP_FILL, LSGPU_PKT_FILL_LENGTH - 1);
   cmds.pop_back();
   EXPECT_EQ(run(cmds).fault, LSGPU_FAULT_BAD_LENGTH);
}

TEST_F(CpFixture, stops_at_the_first_fault)
{
   auto cmds = fill_packet(0x10, 1); /* unmapped */
   auto ok = fill_packet(kVa, 9);
   cmds.insert(cmds.end(), ok.begin(), ok.end());
   JobResult r = run(cmds);
   EXPECT_EQ(r.fault, LSGPU_FAULT_MMU);
   EXPECT_EQ(r.fault_dword, 0u);
   EXPECT_EQ(mem[0], 0);
}
