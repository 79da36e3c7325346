/* SPDX-License-Identifier: MIT */
/* GPU contexts: queues, state registers, reset status, isolation of faults. */
#include <cerrno>
#include <cstring>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <thread>

#include "lsgpu_packets.h"
#include "lsgpu_test_device.h"

using namespace lsgpu::test;

TEST(ctx_create, returns_distinct_nonzero_ids)
{
   Device dev;
   uint32_t a = dev.create_context(), b = dev.create_context(LSGPU_CTX_PRIORITY_LOW);
   EXPECT_NE(a, 0u);
   EXPECT_NE(b, 0u);
   EXPECT_NE(a, b);
}

TEST(ctx_destroy, destroyed_context_takes_no_jobs)
{
   Device dev;
   uint64_t va;
   uint32_t bo = dev.create_bo(4096, &va);
   struct drm_lsgpu_ctx_destroy req = {};
   req.ctx_id = dev.create_context();
   ASSERT_EQ(dev.ioctl(DRM_IOCTL_LSGPU_CTX_DESTROY, &req), 0);
   EXPECT_EQ(dev.submit(fill_row(va, 1, 1), {bo}, 0, req.ctx_id), -ENOENT);
}

TEST(ctx_reset_status, new_context_is_ok)
{
   Device dev;
   auto st = dev.reset_status(dev.create_context());
   EXPECT_EQ(st.status, (uint32_t)LSGPU_CTX_STATUS_OK);
   EXPECT_EQ(st.guilty, 0u);
   EXPECT_EQ(st.innocent, 0u);
}

TEST(ctx, faulting_job_makes_its_context_guilty_and_others_go_on)
{
   Device dev;
   uint64_t va;
   uint32_t bo = dev.create_bo(4096, &va);
   uint32_t bad = dev.create_context(), good = dev.create_context();

   /* Unknown opcode: the job faults. */
   ASSERT_EQ(dev.run({LSGPU_PKT_HEADER(0x66, 0)}, {bo}, bad), 0);
   auto st = dev.reset_status(bad);
   EXPECT_EQ(st.status, (uint32_t)LSGPU_CTX_STATUS_GUILTY);
   EXPECT_EQ(st.guilty, 1u);
   /* A lost context accepts no more work. */
   EXPECT_EQ(dev.submit(fill_row(va, 1, 1), {bo}, 0, bad), -ECANCELED);

   /* Another context of the same file runs and gets the right result. */
   ASSERT_EQ(dev.run(fill_row(va, 4, 0x0c0ffee), {bo}, good), 0);
   EXPECT_EQ(dev.reset_status(good).status, (uint32_t)LSGPU_CTX_STATUS_OK);
   auto *p = static_cast<uint32_t *>(dev.map_bo(bo, 4096));
   ASSERT_NE(p, nullptr);
   EXPECT_EQ(p[3], 0x0c0ffeeu);
   munmap(p, 4096);
}

/* The reset status describes the context's first fault (docs/uapi.md): the job, the
 * fault, the packet and where it lies, and for an MMU fault the address accessed. */
TEST(ctx, reset_status_describes_the_first_fault)
{
   Device dev;
   uint64_t va;
   uint32_t bo = dev.create_bo(4096, &va);
   uint32_t ctx = dev.create_context();
   auto st = dev.reset_status(ctx);
   EXPECT_EQ(st.fault_job, 0u);
   EXPECT_EQ(st.fault, 0u);

   ASSERT_EQ(dev.run(fill_row(va, 1, 1), {bo}, ctx), 0);
   /* A good fill, then one 8 MiB past the BO (unmapped), then another good one. */
   std::vector<uint32_t> cmds = fill_row(va, 1, 2);
   const uint32_t bad_dword = (uint32_t)cmds.size();
   const uint64_t bad_va = va + (8u << 20);
   std::vector<uint32_t> bad = fill_row(bad_va, 1, 3), good = fill_row(va, 1, 4);
   cmds.insert(cmds.end(), bad.begin(), bad.end());
   cmds.insert(cmds.end(), good.begin(), good.end());
   ASSERT_EQ(dev.run(cmds, {bo}, ctx), 0);
   st = dev.reset_status(ctx);
   EXPECT_EQ(st.status, (uint32_t)LSGPU_CTX_STATUS_GUILTY);
   EXPECT_EQ(st.fault, (uint32_t)LSGPU_FAULT_MMU);
   EXPECT_EQ(st.fault_opcode, (uint32_t)LSGPU_OP_FILL);
   EXPECT_EQ(st.fault_dword, bad_dword);
   EXPECT_EQ(st.fault_depth, 0u);
   EXPECT_EQ(st.fault_va, bad_va);
   EXPECT_GT(st.fault_job, 0u);

   /* An unknown opcode in another context: no address. */
   uint32_t other = dev.create_context();
   ASSERT_EQ(dev.run({LSGPU_PKT_HEADER(0x66, 0)}, {bo}, other), 0);
   auto st2 = dev.reset_status(other);
   EXPECT_EQ(st2.fault, (uint32_t)LSGPU_FAULT_BAD_OPCODE);
   EXPECT_EQ(st2.fault_opcode, 0x66u);
   EXPECT_EQ(st2.fault_va, 0u);
   EXPECT_GT(st2.fault_job, st.fault_job) << "a later job has a later number";
}

TEST(ctx, another_files_context_is_unaffected_by_a_fault)
{
   Device a, b;
   uint64_t va;
   uint32_t bo = b.create_bo(4096, &va);
   uint32_t abo = a.create_bo(4096);
   ASSERT_EQ(a.run({LSGPU_PKT_HEADER(0x66, 0)}, {abo}), 0);
   EXPECT_EQ(a.reset_status(0).status, (uint32_t)LSGPU_CTX_STATUS_GUILTY);
   ASSERT_EQ(b.run(fill_row(va, 1, 5), {bo}), 0);
   EXPECT_EQ(b.reset_status(0).status, (uint32_t)LSGPU_CTX_STATUS_OK);
}

TEST(ctx, registers_persist_per_context)
{
   Device dev;
   uint64_t va;
   uint32_t bo = dev.create_bo(4096, &va);
   uint32_t c1 = dev.create_context(), c2 = dev.create_context();
   std::vector<uint32_t> set;
   emit_reg_write(set, LSGPU_REG_SCRATCH1, 0x5151);
   ASSERT_EQ(dev.run(set, {bo}, c1), 0);
   std::vector<uint32_t> store1, store2;
   emit_reg_store(store1, LSGPU_REG_SCRATCH1, va);
   emit_reg_store(store2, LSGPU_REG_SCRATCH1, va + 4);
   ASSERT_EQ(dev.run(store1, {bo}, c1), 0);
   ASSERT_EQ(dev.run(store2, {bo}, c2), 0);
   auto *p = static_cast<uint32_t *>(dev.map_bo(bo, 4096));
   ASSERT_NE(p, nullptr);
   EXPECT_EQ(p[0], 0x5151u); /* the same context kept it */
   EXPECT_EQ(p[1], 0u);      /* another context has its own registers */
   munmap(p, 4096);
}

TEST(ctx, hang_is_reset_by_the_watchdog_and_queued_contexts_are_innocent)
{
   Device dev;
   uint64_t va;
   uint32_t bo = dev.create_bo(4096, &va);
   uint32_t hung = dev.create_context(), victim = dev.create_context();
   uint64_t resets = dev.param(LSGPU_PARAM_COUNTER_RESETS);

   std::vector<uint32_t> hang;
   emit_semaphore_wait(hang, va + 64, 1); /* nobody ever writes 1 */
   uint32_t hang_sync = dev.create_syncobj(), victim_sync = dev.create_syncobj();
   ASSERT_EQ(dev.submit(hang, {bo}, hang_sync, hung), 0);
   ASSERT_EQ(dev.submit(fill_row(va, 1, 0x77), {bo}, victim_sync, victim), 0);

   ASSERT_EQ(dev.wait_syncobj(victim_sync, now_ns() + 30000000000ll), 0);
   EXPECT_EQ(dev.wait_syncobj(hang_sync, 0), 0);
   EXPECT_EQ(dev.param(LSGPU_PARAM_COUNTER_RESETS), resets + 1);
   EXPECT_EQ(dev.reset_status(hung).status, (uint32_t)LSGPU_CTX_STATUS_GUILTY);
   auto st = dev.reset_status(victim);
   EXPECT_EQ(st.status, (uint32_t)LSGPU_CTX_STATUS_INNOCENT);
   EXPECT_EQ(st.innocent, 1u);
   /* Innocence is reported once; the victim's job still ran. */
   EXPECT_EQ(dev.reset_status(victim).status, (uint32_t)LSGPU_CTX_STATUS_OK);
   auto *p = static_cast<uint32_t *>(dev.map_bo(bo, 4096));
   ASSERT_NE(p, nullptr);
   EXPECT_EQ(p[0], 0x77u);
   munmap(p, 4096);
}

TEST(async, submit_returns_before_the_job_finishes)
{
   Device dev;
   uint64_t va;
   uint32_t bo = dev.create_bo(4096, &va);
   auto *p = static_cast<volatile uint32_t *>(dev.map_bo(bo, 4096));
   ASSERT_NE(p, nullptr);

   /* The job waits for the CPU: it can only complete if the CPU runs on meanwhile. */
   std::vector<uint32_t> cmds;
   emit_semaphore_wait(cmds, va, 1);
   emit_fence_write(cmds, va + 4, 0xd0e);
   uint32_t sync = dev.create_syncobj();
   ASSERT_EQ(dev.submit(cmds, {bo}, sync), 0);
   EXPECT_EQ(dev.wait_syncobj(sync, now_ns() + 20000000), -ETIME);
   EXPECT_EQ(p[1], 0u);

   struct drm_lsgpu_gem_wait w = {};
   w.handle = bo;
   EXPECT_EQ(dev.ioctl(DRM_IOCTL_LSGPU_GEM_WAIT, &w), -ETIME); /* busy, polled */

   p[0] = 1;
   ASSERT_EQ(dev.wait_syncobj(sync, now_ns() + 5000000000ll), 0);
   EXPECT_EQ(p[1], 0xd0eu);
   munmap((void *)p, 4096);
}

TEST(async, in_syncobj_orders_jobs_across_contexts)
{
   Device dev;
   uint64_t va;
   uint32_t bo = dev.create_bo(4096, &va);
   auto *p = static_cast<volatile uint32_t *>(dev.map_bo(bo, 4096));
   ASSERT_NE(p, nullptr);
   uint32_t first = dev.create_context(), second = dev.create_context();

   std::vector<uint32_t> a;
   emit_semaphore_wait(a, va, 1);
   emit_fence_write(a, va + 8, 1);
   uint32_t a_done = dev.create_syncobj(), b_done = dev.create_syncobj();
   ASSERT_EQ(dev.submit(a, {bo}, a_done, first), 0);

   /* The second job overwrites the word; it must wait for the first job. */
   std::vector<uint32_t> b;
   emit_fence_write(b, va + 8, 2);
   ASSERT_EQ(dev.submit(b, {bo}, b_done, second, {a_done}), 0);
   EXPECT_EQ(dev.wait_syncobj(b_done, now_ns() + 20000000), -ETIME);

   p[0] = 1;
   ASSERT_EQ(dev.wait_syncobj(b_done, now_ns() + 5000000000ll), 0);
   EXPECT_EQ(p[2], 2u);
   munmap((void *)p, 4096);
}

TEST(async, jobs_of_one_context_run_in_order)
{
   Device dev;
   uint64_t va;
   uint32_t bo = dev.create_bo(4096, &va);
   uint32_t sync = dev.create_syncobj();
   for (uint32_t i = 1; i <= 50; i++)
      ASSERT_EQ(dev.submit(fill_row(va, 1, i), {bo}, i == 50 ? sync : 0), 0);
   ASSERT_EQ(dev.wait_syncobj(sync, now_ns() + 5000000000ll), 0);
   auto *p = static_cast<uint32_t *>(dev.map_bo(bo, 4096));
   ASSERT_NE(p, nullptr);
   EXPECT_EQ(p[0], 50u);
   munmap(p, 4096);
}

/* The front end preempts a long job between its packets for other contexts' ready
 * jobs: a short job submitted after a long one of another context completes while the
 * long one is still running, and both do all their work. The long job's 16 fills of
 * 16 MiB take 34 ms of GPU time (docs/isa.md §6.1), inside the suite's 50 ms watchdog,
 * and far longer than the 2 ms slice in simulation. */
TEST(async, short_job_of_another_context_runs_between_the_packets_of_a_long_one)
{
   Device dev;
   constexpr uint32_t kWidth = 4096, kRows = 1024; /* 16 MiB a fill */
   uint64_t big_va, small_va;
   uint32_t big = dev.create_bo((uint64_t)kWidth * 4 * kRows, &big_va);
   uint32_t small = dev.create_bo(4096, &small_va);
   uint32_t long_ctx = dev.create_context(), short_ctx = dev.create_context();

   std::vector<uint32_t> long_job;
   constexpr uint32_t kFills = 16;
   for (uint32_t i = 1; i <= kFills; i++) {
      std::vector<uint32_t> p(1 + LSGPU_FILL_LENGTH, 0);
      lsgpu_fill f = {};
      f.dst_va = big_va;
      f.pitch = kWidth * 4;
      f.width = kWidth;
      f.height = kRows;
      f.cpp = 4;
      f.value[0] = i;
      memset(f.mask, 0xff, sizeof(f.mask));
      lsgpu_pack_fill(p.data(), &f);
      long_job.insert(long_job.end(), p.begin(), p.end());
   }
   uint32_t long_done = dev.create_syncobj(), short_done = dev.create_syncobj();
   ASSERT_EQ(dev.submit(long_job, {big}, long_done, long_ctx), 0);
   ASSERT_EQ(dev.submit(fill_row(small_va, 1, 0x5a), {small}, short_done, short_ctx), 0);

   ASSERT_EQ(dev.wait_syncobj(short_done, now_ns() + 3000000000ll), 0);
   EXPECT_EQ(dev.wait_syncobj(long_done, 0), -ETIME) << "the long job had already ended";
   ASSERT_EQ(dev.wait_syncobj(long_done, now_ns() + 30000000000ll), 0);
   EXPECT_EQ(dev.reset_status(long_ctx).status, (uint32_t)LSGPU_CTX_STATUS_OK);
   auto *p = static_cast<uint32_t *>(dev.map_bo(small, 4096));
   auto *q = static_cast<uint32_t *>(dev.map_bo(big, (uint64_t)kWidth * 4 * kRows));
   ASSERT_TRUE(p && q);
   EXPECT_EQ(p[0], 0x5au);
   EXPECT_EQ(q[0], kFills);
   EXPECT_EQ(q[(uint64_t)kWidth * kRows - 1], kFills);
   munmap(p, 4096);
   munmap(q, (uint64_t)kWidth * 4 * kRows);
}
