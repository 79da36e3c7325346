/* SPDX-License-Identifier: MIT */
/*
 * LSGPU_DEBUG=cmdstream: every submitted command stream, packet by packet with its
 * fields by name (the printers generated from src/hw), and for each DRAW the
 * descriptors it points at, read through the batch's CPU mappings.
 */
#include <stdio.h>

#include "lsgpu/drm/lsgpu_winsys.h"
#include "lsgpu_batch.h"
#include "lsgpu_context.h"
#include "lsgpu_packets.h"
#include "util/macros.h"

/* The CPU address of [va, va + size) when one mapped BO of the batch holds it. */
static const uint32_t *
lsgpu_batch_cpu_ptr(const struct lsgpu_batch *batch, uint64_t va, uint64_t size)
{
   for (const lsgpu_bo *bo : batch->bos)
      if (bo->map && va >= bo->va && size <= bo->size && va - bo->va <= bo->size - size)
         return (const uint32_t *)((const char *)bo->map + (va - bo->va));
   return NULL;
}

/* count descriptors of length words from va, while the batch maps them. */
template <typename T>
static void
lsgpu_dump_array(FILE *fp, const struct lsgpu_batch *batch, const char *name, uint64_t va,
                 unsigned count, unsigned length, void (*unpack)(const uint32_t *, T *),
                 void (*print)(FILE *, const T *, const char *))
{
   for (unsigned i = 0; i < count; i++) {
      const uint32_t *dw = lsgpu_batch_cpu_ptr(batch, va + 4ull * length * i, 4ull * length);
      if (!dw)
         return;
      T desc;
      unpack(dw, &desc);
      fprintf(fp, "lsgpu:      %s %u\n", name, i);
      print(fp, &desc, "lsgpu:         ");
   }
}

static void
lsgpu_dump_draw_state(FILE *fp, const struct lsgpu_batch *batch, uint64_t state_va)
{
   const uint32_t *dw = lsgpu_batch_cpu_ptr(batch, state_va, LSGPU_DRAW_STATE_LENGTH * 4);
   if (!dw) {
      fprintf(fp, "lsgpu:      DRAW_STATE at 0x%llx: not CPU-mapped\n",
              (unsigned long long)state_va);
      return;
   }
   struct lsgpu_draw_state st;
   lsgpu_unpack_draw_state(dw, &st);
   fprintf(fp, "lsgpu:      DRAW_STATE at 0x%llx\n", (unsigned long long)state_va);
   lsgpu_print_draw_state(fp, &st, "lsgpu:         ");
   lsgpu_dump_array(fp, batch, "VERTEX_ELEMENT", st.elements_va, MIN2(st.num_elements, 16),
                    LSGPU_VERTEX_ELEMENT_LENGTH, lsgpu_unpack_vertex_element,
                    lsgpu_print_vertex_element);
   lsgpu_dump_array(fp, batch, "RENDER_TARGET", st.rt_va, MIN2(st.num_rts, 8),
                    LSGPU_RENDER_TARGET_LENGTH, lsgpu_unpack_render_target,
                    lsgpu_print_render_target);
}

void
lsgpu_dump_cmdstream(const struct lsgpu_batch *batch)
{
   FILE *fp = stderr;
   const std::vector<uint32_t> &cmds = batch->cmds;
   fprintf(fp, "lsgpu: command stream, %zu words, %zu BOs\n", cmds.size(), batch->bos.size());
   for (size_t i = 0; i < cmds.size();) {
      char indent[32];
      snprintf(indent, sizeof(indent), "lsgpu: %06zx ", i * 4);
      const size_t n = lsgpu_print_packet(fp, &cmds[i], cmds.size() - i, indent);
      if (LSGPU_PKT_OPCODE(cmds[i]) == LSGPU_OP_DRAW && n == 1 + LSGPU_DRAW_LENGTH) {
         struct lsgpu_draw d;
         lsgpu_unpack_draw(&cmds[i + 1], &d);
         lsgpu_dump_draw_state(fp, batch, d.state_va);
      }
      i += n;
   }
}
