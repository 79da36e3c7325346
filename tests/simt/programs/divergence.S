# Control flow that diverges per lane. Out: a1 -> {ifelse, nested, loop_sum, early}.
   .include "lsgpu_isa.inc"  # Xlsgpu macros generated from src/hw/lsgpu_isa.yaml
   lsgpu_sysval t0, LSGPU_SYSVAL_LANE# t0 = lane id
   andi t1, t0, 1
   beqz t1, 1f
   li t2, 100                        # odd lanes
   j 2f
1: li t2, 200                        # even lanes
2: sw t2, 0(a1)
   # nested: lanes < 8 split again on bit 1
   li t3, 8
   li t4, 0
   bge t0, t3, 4f
   andi t1, t0, 2
   beqz t1, 3f
   li t4, 1
   j 4f
3: li t4, 2
4: sw t4, 4(a1)
   # loop with a lane-dependent trip count: sum 1..lane
   li t5, 0
   li t6, 0
5: bge t6, t0, 6f
   addi t6, t6, 1
   add t5, t5, t6
   j 5b
6: sw t5, 8(a1)
   # early exit: lanes >= 12 return before writing
   li t3, 12
   bge t0, t3, 7f
   li t2, 7
   sw t2, 12(a1)
7: ret
