/* SPDX-License-Identifier: MIT */
#include "command_processor.h"

#include <cstring>

#include "counters.h"
#include "fill_engine.h"

namespace lsgpu::sim
{

JobResult
command_processor_execute(const uint32_t *cmds, size_t num_dwords, const AddressSpace &as,
                          Counters &counters)
{
   JobResult result;
   size_t at = 0;
   while (at < num_dwords) {
      const uint32_t header = cmds[at];
      const uint32_t length = LSGPU_PKT_LENGTH(header);
      result.fault_dword = (uint32_t)at;
      if (length > num_dwords - at - 1) {
         result.fault = LSGPU_FAULT_TRUNCATED;
         break;
      }
      const uint32_t *payload = cmds + at + 1;

      switch (LSGPU_PKT_OPCODE(header)) {
      case LSGPU_OP_NOP:
         break;
      case LSGPU_OP_FILL: {
         if (length != LSGPU_PKT_FILL_LENGTH) {
            result.fault = LSGPU_FAULT_BAD_LENGTH;
            break;
         }
         lsgpu_pkt_fill pkt;
         memcpy(&pkt, payload, sizeof(pkt));
         result.fault = fill_execute(pkt, as, counters);
         break;
      }
      default:
         result.fault = LSGPU_FAULT_BAD_OPCODE;
         break;
      }
      if (result.fault != LSGPU_FAULT_NONE)
         break;
      counters.packets++;
      at += 1 + length;
   }

   counters.jobs++;
   if (result.fault != LSGPU_FAULT_NONE)
      counters.faults++;
   return result;
}

} // namespace lsgpu::sim
