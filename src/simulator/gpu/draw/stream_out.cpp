/* SPDX-License-Identifier: MIT */

/* The stream-output unit (transform feedback): the vertices of each primitive, before
 * clipping, written to the STREAM_OUT descriptor's buffers; the primitive counters
 * behind GL's PRIMITIVES_GENERATED and TRANSFORM_FEEDBACK_PRIMITIVES_WRITTEN. */

#include <cstring>

#include "gpu/draw/draw_job.h"

namespace lsgpu::sim
{

lsgpu_fault
Draw::load_stream_out()
{
   so_ = {};
   if (!st_.so_va)
      return LSGPU_FAULT_NONE;
   lsgpu_fault f = read_descriptor(job_as_, st_.so_va, LSGPU_STREAM_OUT_LENGTH,
                                   lsgpu_decode_stream_out, &so_.desc);
   if (f != LSGPU_FAULT_NONE)
      return f;
   const lsgpu_stream_out &d = so_.desc;
   /* Cross-field rules: each output inside its slot, its record and a used buffer. */
   for (unsigned n = 0; n < d.num_outputs; n++) {
      const unsigned b = d.buffer[n];
      if (d.components[n] == 0 || d.first_component[n] + d.components[n] > 4 ||
          d.slot[n] >= st_.num_vs_outputs || d.buffer_stride[b] == 0 ||
          (d.dst_offset[n] + d.components[n]) * 4 > d.buffer_stride[b])
         return LSGPU_FAULT_BAD_ARGUMENT;
      so_.used |= 1u << b;
   }
   const uint64_t vas[4] = {d.buffer0_va, d.buffer1_va, d.buffer2_va, d.buffer3_va};
   const uint64_t offset_vas[4] = {d.offset0_va, d.offset1_va, d.offset2_va, d.offset3_va};
   for (unsigned b = 0; b < 4; b++) {
      if (!(so_.used >> b & 1))
         continue;
      AddressSpace::Access offset = job_as_.translate(offset_vas[b], 4, true);
      if (!offset.host)
         return offset.fault;
      so_.offset_host[b] = offset.host;
      memcpy(&so_.offset[b], offset.host, 4);
      if (so_.offset[b] % 4)
         return LSGPU_FAULT_BAD_ARGUMENT;
      if (d.buffer_size[b] == 0)
         continue; /* nothing fits; no memory to check */
      AddressSpace::Access a = job_as_.translate(vas[b], d.buffer_size[b], true);
      if (!a.host)
         return a.fault;
      so_.host[b] = a.host;
   }
   so_.active = true;
   return LSGPU_FAULT_NONE;
}

void
Draw::stream_out(const ClipVertex *const *verts, unsigned n)
{
   generated_++;
   if (!so_.active)
      return;
   needed_++;
   if (so_.full)
      return;
   const lsgpu_stream_out &d = so_.desc;
   for (unsigned b = 0; b < 4; b++) {
      if ((so_.used >> b & 1) &&
          (uint64_t)so_.offset[b] + (uint64_t)n * d.buffer_stride[b] > d.buffer_size[b]) {
         so_.full = true; /* GL: this and every later primitive are dropped */
         return;
      }
   }
   for (unsigned v = 0; v < n; v++) {
      for (unsigned o = 0; o < d.num_outputs; o++) {
         const unsigned b = d.buffer[o];
         uint8_t *record = so_.host[b] + so_.offset[b] + (uint64_t)v * d.buffer_stride[b];
         memcpy(record + 4 * d.dst_offset[o], &verts[v]->varying[d.slot[o]][d.first_component[o]],
                4 * d.components[o]);
      }
   }
   for (unsigned b = 0; b < 4; b++)
      if (so_.used >> b & 1)
         so_.offset[b] += n * d.buffer_stride[b];
   written_++;
}

void
Draw::finish_stream_out()
{
   for (unsigned b = 0; b < 4 && so_.active; b++)
      if (so_.used >> b & 1)
         memcpy(so_.offset_host[b], &so_.offset[b], 4);
   if (st_.no_primitive_count)
      return;
   auto add = [&](unsigned lo, unsigned hi, uint64_t n) {
      const uint64_t v = ((uint64_t)regs_[lo / 4] | (uint64_t)regs_[hi / 4] << 32) + n;
      regs_[lo / 4] = (uint32_t)v;
      regs_[hi / 4] = (uint32_t)(v >> 32);
   };
   add(LSGPU_REG_PRIMS_GENERATED_LO, LSGPU_REG_PRIMS_GENERATED_HI, generated_);
   add(LSGPU_REG_PRIMS_WRITTEN_LO, LSGPU_REG_PRIMS_WRITTEN_HI, written_);
   add(LSGPU_REG_PRIMS_NEEDED_LO, LSGPU_REG_PRIMS_NEEDED_HI, needed_);
}

} // namespace lsgpu::sim
