# Word loads and stores at each lane's own address: the first of each kind finds its
# mapping through the interpreter, the next ones go through that mapping in generated
# code (JitFrame's load and store windows). Out: a1 -> {in word 0, in word 1, in word
# 2 through an f register, in word 31, lane number (helpers' stores drop), -, the
# number of the last lane storing to one shared address (lane 0's block only)}. The
# global word 0(a2) selects an ending: 1 a load past the input blocks, 2 a store past
# the output blocks, both faulting at lane 15.
   .include "lsgpu_isa.inc"  # Xlsgpu macros generated from src/hw/lsgpu_isa.yaml
   lsgpu_sysval t0, LSGPU_SYSVAL_LANE
   lw t1, 0(a0)                      # finds the input blocks
   lw t2, 4(a0)                      # through the load window
   flw ft0, 8(a0)
   lw t3, 124(a0)                    # lane 15's: the mapping's last word
   sw t1, 0(a1)                      # finds the output blocks
   sw t2, 4(a1)                      # through the store window
   fsw ft0, 8(a1)
   sw t3, 12(a1)
   andi t4, t0, 3
   bnez t4, 1f
   lsgpu_demote                      # lanes 0, 4, 8 and 12 become helpers
1: sw t0, 16(a1)                     # the helpers' stores drop
   slli t5, t0, 7
   sub t5, a1, t5                    # lane 0's output block, for every lane
   sw t0, 24(t5)                     # the last lane's store stays
   lw s0, 0(a2)
   li t6, 1
   beq s0, t6, past
   li t6, 2
   beq s0, t6, store_past
   ret
past:
   lw t6, 128(a0)                    # lane 15's is past the input blocks
   sw t6, 20(a1)
   ret
store_past:
   sw t0, 148(a1)                    # lane 15's is past the output blocks
   ret
