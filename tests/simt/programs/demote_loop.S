# Demote inside a loop: lane L demotes on iteration L % 4, keeps looping 4 times and
# computes a derivative afterwards. Out: a1 -> {iterations, is_helper, ddx}; writes of
# helper lanes are discarded, so those lanes leave their output untouched.
   .include "lsgpu_isa.inc"  # Xlsgpu macros generated from src/hw/lsgpu_isa.yaml
   lsgpu_sysval t0, LSGPU_SYSVAL_LANE# lane
   andi t1, t0, 3                    # demote on this iteration
   li t2, 0
1: bne t2, t1, 2f
   andi t3, t0, 1                    # only odd lanes demote
   beqz t3, 2f
   lsgpu_demote                      # lsgpu.demote
2: addi t2, t2, 1
   li t4, 4
   blt t2, t4, 1b
   sw t2, 0(a1)
   lsgpu_sysval t5, LSGPU_SYSVAL_HELPER# helper flag
   sw t5, 4(a1)
   fcvt.s.w ft0, t0
   lsgpu_ddx_fine ft1, ft0           # ddx of the lane index: 1 everywhere
   fsw ft1, 8(a1)
   ret
