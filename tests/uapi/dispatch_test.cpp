/* SPDX-License-Identifier: MIT */
/* Compute dispatch: a shader binary in a BO, run by the shader cores through SUBMIT. */
#include <cerrno>
#include <cstring>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <sys/mman.h>

#include "lsgpu_packets.h"
#include "lsgpu_test_device.h"

using namespace lsgpu::test;

namespace
{

std::vector<uint8_t>
program(const char *name)
{
   std::ifstream f(std::string(LSGPU_SIMT_PROGRAMS) + "/" + name + ".bin", std::ios::binary);
   return std::vector<uint8_t>((std::istreambuf_iterator<char>(f)),
                               std::istreambuf_iterator<char>());
}

struct Bo {
   uint32_t handle;
   uint64_t va;
   uint8_t *map;
};

Bo
make_bo(const Device &dev, uint32_t size, uint32_t flags = 0)
{
   Bo bo;
   bo.handle = dev.create_bo(size, &bo.va, flags);
   bo.map = static_cast<uint8_t *>(dev.map_bo(bo.handle, size));
   return bo;
}

std::vector<uint32_t>
dispatch_cmds(const lsgpu_dispatch &d)
{
   std::vector<uint32_t> cmds(1 + LSGPU_DISPATCH_LENGTH);
   lsgpu_pack_dispatch(cmds.data(), &d);
   return cmds;
}

/* A DISPATCH of one workgroup of `local` invocations running code_size bytes at va. */
lsgpu_dispatch
single_group(uint64_t va, uint32_t code_size, uint32_t local)
{
   lsgpu_dispatch d = {};
   d.code_va = va;
   d.code_size = code_size;
   d.local_x = local;
   d.local_y = d.local_z = 1;
   d.groups_x = d.groups_y = d.groups_z = 1;
   return d;
}

/* A shader whose invocations count down from 2000 and end: a known amount of work
 * (about 4000 warp instructions per 16-lane workgroup) for the scheduling tests. */
constexpr uint32_t kCountdown[] = {
   0x7d000293, /* addi  t0, zero, 2000 */
   0xfff28293, /* addi  t0, t0, -1 */
   0xfe029ee3, /* bnez  t0, -4 */
   0x00008067, /* ret */
};

Bo
countdown_shader(const Device &dev)
{
   Bo shader = make_bo(dev, 4096, LSGPU_GEM_CREATE_GPU_READ_ONLY);
   if (shader.map)
      memcpy(shader.map, kCountdown, sizeof(kCountdown));
   return shader;
}

/* A DISPATCH of n workgroups of 16 invocations of the countdown shader. */
std::vector<uint32_t>
countdown_groups(const Bo &shader, uint32_t n)
{
   lsgpu_dispatch d = single_group(shader.va, sizeof(kCountdown), 16);
   d.groups_x = n;
   return dispatch_cmds(d);
}

} // namespace

TEST(dispatch, compute_shader_runs_every_invocation_with_barriers_and_atomics)
{
   Device dev;
   std::vector<uint8_t> code = program("dispatch");
   ASSERT_FALSE(code.empty());
   constexpr uint32_t kLocal = 40, kGroups = 3, kTotal = kLocal * kGroups;

   Bo shader = make_bo(dev, 4096, LSGPU_GEM_CREATE_GPU_READ_ONLY);
   Bo consts = make_bo(dev, 4096), out = make_bo(dev, 4096), out2 = make_bo(dev, 4096);
   Bo counter = make_bo(dev, 4096), stack = make_bo(dev, 65536);
   ASSERT_TRUE(shader.map && consts.map && out.map && out2.map && counter.map);
   memcpy(shader.map, code.data(), code.size());
   uint32_t c[4] = {(uint32_t)out.va, (uint32_t)out2.va, (uint32_t)counter.va, kLocal};
   memcpy(consts.map, c, sizeof(c));

   lsgpu_dispatch d = {};
   d.code_va = shader.va;
   d.code_size = (uint32_t)code.size();
   d.local_x = kLocal;
   d.local_y = d.local_z = 1;
   d.groups_x = kGroups;
   d.groups_y = d.groups_z = 1;
   d.constants_va = consts.va;
   d.shared_size = 64;
   d.stack_va = stack.va;
   d.stack_size = 256;
   uint64_t lanes = dev.param(LSGPU_PARAM_COUNTER_LANE_INSTRUCTIONS);
   ASSERT_EQ(dev.run(dispatch_cmds(d), {shader.handle, consts.handle, out.handle, out2.handle,
                                        counter.handle, stack.handle}),
             0);

   const uint32_t *o = reinterpret_cast<uint32_t *>(out.map);
   const uint32_t *o2 = reinterpret_cast<uint32_t *>(out2.map);
   for (uint32_t i = 0; i < kTotal; i++) {
      EXPECT_EQ(o[i], i * 3 + 1) << i;
      EXPECT_EQ(o2[i], kLocal) << i; /* the workgroup's shared total after the barrier */
   }
   EXPECT_EQ(o[kTotal], 0u);
   EXPECT_EQ(*reinterpret_cast<uint32_t *>(counter.map), kTotal);
   EXPECT_GE(dev.param(LSGPU_PARAM_COUNTER_LANE_INSTRUCTIONS), lanes + kTotal * 20);
   EXPECT_NE(dev.param(LSGPU_PARAM_FEATURES) & LSGPU_FEATURE_COMPUTE, 0u);
}

TEST(dispatch, shader_fault_marks_the_context_guilty)
{
   Device dev;
   Bo shader = make_bo(dev, 4096);
   const uint32_t ecall = 0x00000073;
   memcpy(shader.map, &ecall, 4);
   lsgpu_dispatch d = single_group(shader.va, 4, 1);
   uint32_t ctx = dev.create_context();
   uint64_t faults = dev.param(LSGPU_PARAM_COUNTER_FAULTS);
   ASSERT_EQ(dev.run(dispatch_cmds(d), {shader.handle}, ctx), 0);
   EXPECT_EQ(dev.param(LSGPU_PARAM_COUNTER_FAULTS), faults + 1);
   EXPECT_EQ(dev.reset_status(ctx).status, (uint32_t)LSGPU_CTX_STATUS_GUILTY);
}

TEST(dispatch, endless_shader_is_stopped_by_the_watchdog)
{
   Device dev;
   Bo shader = make_bo(dev, 4096);
   /* A divide in the loop: 9 cycles of it reach the limit in fewer simulated steps. */
   const uint32_t loop[] = {
      0x0252c2b3, /* div t0, t0, t0 */
      0xffdff06f, /* j -4 */
   };
   memcpy(shader.map, loop, sizeof(loop));
   lsgpu_dispatch d = single_group(shader.va, sizeof(loop), 16);
   uint32_t ctx = dev.create_context();
   uint64_t resets = dev.param(LSGPU_PARAM_COUNTER_RESETS);
   ASSERT_EQ(dev.run(dispatch_cmds(d), {shader.handle}, ctx), 0);
   EXPECT_EQ(dev.param(LSGPU_PARAM_COUNTER_RESETS), resets + 1);
   EXPECT_EQ(dev.reset_status(ctx).status, (uint32_t)LSGPU_CTX_STATUS_GUILTY);
}

TEST(dispatch, oversized_workgroup_faults)
{
   Device dev;
   Bo shader = make_bo(dev, 4096);
   lsgpu_dispatch d = single_group(shader.va, 4, 64);
   d.local_y = 32; /* 2048 invocations > 1024 */
   uint32_t ctx = dev.create_context();
   ASSERT_EQ(dev.run(dispatch_cmds(d), {shader.handle}, ctx), 0);
   EXPECT_EQ(dev.reset_status(ctx).status, (uint32_t)LSGPU_CTX_STATUS_GUILTY);
}

TEST(dispatch, texture_unit_samples_the_descriptor_table_latched_at_entry)
{
   Device dev;
   std::vector<uint8_t> code = program("texture_fetch");
   ASSERT_FALSE(code.empty());
   Bo shader = make_bo(dev, 4096, LSGPU_GEM_CREATE_GPU_READ_ONLY);
   Bo consts = make_bo(dev, 4096), out = make_bo(dev, 4096), texels = make_bo(dev, 4096);
   Bo table = make_bo(dev, 4096, LSGPU_GEM_CREATE_GPU_READ_ONLY);
   memcpy(shader.map, code.data(), code.size());
   const uint32_t c[1] = {(uint32_t)out.va};
   memcpy(consts.map, c, sizeof(c));
   const uint8_t rgba[4][4] = {
      {255, 0, 0, 255}, {0, 255, 0, 128}, {0, 0, 255, 64}, {51, 102, 153, 0}};
   memcpy(texels.map, rgba, sizeof(rgba));
   lsgpu_texture t = {};
   t.va = texels.va;
   t.target = LSGPU_TEX_TARGET_2D;
   t.format = LSGPU_TFMT_R8G8B8A8_UNORM;
   t.width = 4;
   t.height = t.depth = 1;
   t.swizzle[0] = LSGPU_TEX_SWIZZLE_CHANNEL0;
   t.swizzle[1] = LSGPU_TEX_SWIZZLE_CHANNEL1;
   t.swizzle[2] = LSGPU_TEX_SWIZZLE_CHANNEL2;
   t.swizzle[3] = LSGPU_TEX_SWIZZLE_CHANNEL3;
   lsgpu_sampler s = {};
   s.wrap_s = s.wrap_t = s.wrap_r = LSGPU_WRAP_CLAMP_TO_EDGE;
   s.mip_filter = LSGPU_FILTER_NONE;
   s.max_lod = 16.0f;
   s.normalized = true;
   lsgpu_pack_texture(reinterpret_cast<uint32_t *>(table.map), &t);
   lsgpu_pack_sampler(reinterpret_cast<uint32_t *>(table.map) + LSGPU_TEXTURE_LENGTH, &s);

   lsgpu_dispatch d = single_group(shader.va, (uint32_t)code.size(), 4);
   d.constants_va = consts.va;
   d.descriptors_va = table.va;
   const uint64_t texels_before = dev.param(LSGPU_PARAM_COUNTER_TEXELS);
   ASSERT_EQ(dev.run(dispatch_cmds(d),
                     {shader.handle, consts.handle, out.handle, texels.handle, table.handle}),
             0);
   const float *o = reinterpret_cast<const float *>(out.map);
   for (unsigned i = 0; i < 4; i++)
      for (unsigned ch = 0; ch < 4; ch++)
         EXPECT_FLOAT_EQ(o[4 * i + ch], rgba[i][ch] / 255.0f) << i << "." << ch;
   EXPECT_EQ(dev.param(LSGPU_PARAM_COUNTER_TEXELS), texels_before + 4);

   /* A texture whose chain leaves its BO faults the job and its context. */
   t.width = 4096;
   t.height = 16;
   lsgpu_pack_texture(reinterpret_cast<uint32_t *>(table.map), &t);
   const uint32_t ctx = dev.create_context();
   const uint64_t faults = dev.param(LSGPU_PARAM_COUNTER_FAULTS);
   ASSERT_EQ(dev.run(dispatch_cmds(d),
                     {shader.handle, consts.handle, out.handle, texels.handle, table.handle}, ctx),
             0);
   EXPECT_EQ(dev.param(LSGPU_PARAM_COUNTER_FAULTS), faults + 1);
   EXPECT_EQ(dev.reset_status(ctx).status, (uint32_t)LSGPU_CTX_STATUS_GUILTY);
}

/* One DISPATCH packet is no longer the unit of preemption: a short job of another
 * context runs between the workgroups of a long dispatch, which still runs every
 * workgroup (docs/uapi.md, "Execution"). */
TEST(dispatch, short_job_of_another_context_runs_between_workgroups_of_a_long_dispatch)
{
   Device dev;
   /* Each invocation counts down from 2000, then counts itself into the word at the
    * constant buffer's address (an atomic add). */
   const uint32_t code[] = {
      0x7d000293, /* addi  t0, zero, 2000 */
      0xfff28293, /* addi  t0, t0, -1 */
      0xfe029ee3, /* bnez  t0, -4 */
      0x00062303, /* lw    t1, 0(a2): the counter's address */
      0x00100393, /* addi  t2, zero, 1 */
      0x0073202f, /* amoadd.w zero, t2, (t1) */
      0x00008067, /* ret */
   };
   Bo shader = make_bo(dev, 4096, LSGPU_GEM_CREATE_GPU_READ_ONLY);
   Bo consts = make_bo(dev, 4096), counter = make_bo(dev, 4096), small = make_bo(dev, 4096);
   ASSERT_TRUE(shader.map && consts.map && counter.map && small.map);
   memcpy(shader.map, code, sizeof(code));
   const uint32_t counter_va = (uint32_t)counter.va;
   memcpy(consts.map, &counter_va, 4);

   /* 1.2 ms of GPU time (docs/isa.md §6.1): well inside the suite's 50 ms watchdog, and
    * about 0.1 s of simulation, far longer than the 2 ms slice before it is preempted. */
   constexpr uint32_t kGroups = 600, kLocal = 16;
   lsgpu_dispatch d = single_group(shader.va, sizeof(code), kLocal);
   d.groups_x = kGroups;
   d.constants_va = consts.va;
   uint32_t long_ctx = dev.create_context(), short_ctx = dev.create_context();
   uint32_t long_done = dev.create_syncobj(), short_done = dev.create_syncobj();
   ASSERT_EQ(dev.submit(dispatch_cmds(d), {shader.handle, consts.handle, counter.handle}, long_done,
                        long_ctx),
             0);
   ASSERT_EQ(dev.submit(fill_row(small.va, 1, 0x5a), {small.handle}, short_done, short_ctx), 0);

   ASSERT_EQ(dev.wait_syncobj(short_done, now_ns() + 3000000000ll), 0);
   EXPECT_EQ(dev.wait_syncobj(long_done, 0), -ETIME) << "the dispatch had already ended";
   ASSERT_EQ(dev.wait_syncobj(long_done, now_ns() + 60000000000ll), 0);
   EXPECT_EQ(dev.reset_status(long_ctx).status, (uint32_t)LSGPU_CTX_STATUS_OK);
   EXPECT_EQ(*reinterpret_cast<uint32_t *>(small.map), 0x5au);
   EXPECT_EQ(*reinterpret_cast<uint32_t *>(counter.map), kGroups * kLocal);
}

/* The time other contexts run inside one packet of a job is not the job's own: its
 * next packet is not judged by a watchdog that counted them. Two dispatches of about
 * 50 ms of simulation each, while four jobs of another context of about 100 ms each
 * run inside the first: the long job completes without a fault. (The watchdog counts
 * GPU time, which the others' work never touched; this held when it counted host time
 * too, by moving the deadline on.) */
TEST(dispatch, time_others_run_inside_a_packet_does_not_count_against_the_next_one)
{
   Device dev;
   Bo shader = countdown_shader(dev);
   ASSERT_TRUE(shader.map);
   auto groups = [&](uint32_t n) { return countdown_groups(shader, n); };
   std::vector<uint32_t> long_job = groups(300), second = groups(300);
   long_job.insert(long_job.end(), second.begin(), second.end());
   uint32_t long_ctx = dev.create_context(), other_ctx = dev.create_context();
   uint32_t long_done = dev.create_syncobj(), other_done = dev.create_syncobj();
   ASSERT_EQ(dev.submit(long_job, {shader.handle}, long_done, long_ctx), 0);
   for (int i = 0; i < 4; i++)
      ASSERT_EQ(dev.submit(groups(800), {shader.handle}, i == 3 ? other_done : 0, other_ctx), 0);
   ASSERT_EQ(dev.wait_syncobj(other_done, now_ns() + 30000000000ll), 0);
   ASSERT_EQ(dev.wait_syncobj(long_done, now_ns() + 30000000000ll), 0);
   EXPECT_EQ(dev.reset_status(other_ctx).status, (uint32_t)LSGPU_CTX_STATUS_OK);
   EXPECT_EQ(dev.reset_status(long_ctx).status, (uint32_t)LSGPU_CTX_STATUS_OK)
      << "the long job's second dispatch was timed out by the others' time";
}

/* Preemption shares the GPU: a context that keeps jobs queued cannot hold a preempted
 * job back until its queue runs dry. A dispatch of about 100 ms against twenty queued
 * jobs of about 25 ms of another context: the dispatch completes while that context
 * still has jobs to run. */
TEST(dispatch, a_context_with_many_queued_jobs_does_not_starve_a_preempted_one)
{
   Device dev;
   Bo shader = countdown_shader(dev);
   ASSERT_TRUE(shader.map);
   auto groups = [&](uint32_t n) { return countdown_groups(shader, n); };
   uint32_t long_ctx = dev.create_context(), busy_ctx = dev.create_context();
   uint32_t long_done = dev.create_syncobj(), busy_done = dev.create_syncobj();
   ASSERT_EQ(dev.submit(groups(600), {shader.handle}, long_done, long_ctx), 0);
   for (int i = 0; i < 20; i++)
      ASSERT_EQ(dev.submit(groups(150), {shader.handle}, i == 19 ? busy_done : 0, busy_ctx), 0);
   ASSERT_EQ(dev.wait_syncobj(long_done, now_ns() + 30000000000ll), 0);
   EXPECT_EQ(dev.wait_syncobj(busy_done, 0), -ETIME)
      << "the preempted dispatch waited for the other context's whole queue";
   ASSERT_EQ(dev.wait_syncobj(busy_done, now_ns() + 30000000000ll), 0);
   EXPECT_EQ(dev.reset_status(long_ctx).status, (uint32_t)LSGPU_CTX_STATUS_OK);
   EXPECT_EQ(dev.reset_status(busy_ctx).status, (uint32_t)LSGPU_CTX_STATUS_OK);
}
