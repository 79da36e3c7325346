# Branchy kernel: per-lane trip counts and a data-dependent branch in the loop.
   .include "lsgpu_isa.inc"  # Xlsgpu macros generated from src/hw/lsgpu_isa.yaml
   lw t0, 0(a0)
   lsgpu_sysval t4, LSGPU_SYSVAL_LANE
   add t0, t0, t4
   li t1, 0
1: andi t2, t0, 3
   beqz t2, 2f
   addi t1, t1, 3
   j 3f
2: slli t1, t1, 1
3: addi t0, t0, -1
   bnez t0, 1b
   sw t1, 0(a1)
   ret
