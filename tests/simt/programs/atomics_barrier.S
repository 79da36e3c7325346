# Every lane of every warp adds its lane id + 1 to a shared counter and to a global one
# (a2), then after a barrier each lane reads the shared total. Out: a1 -> {total, old}.
   .include "lsgpu_isa.inc"  # Xlsgpu macros generated from src/hw/lsgpu_isa.yaml
   lsgpu_sysval t0, LSGPU_SYSVAL_LANE
   addi t0, t0, 1
   amoadd.w t1, t0, (a4)
   amoadd.w x0, t0, (a2)
   lsgpu_barrier                     # lsgpu.barrier
   lw t2, 0(a4)
   sw t2, 0(a1)
   # lr/sc increment of a second global word
3: lr.w t3, (a3)
   addi t3, t3, 1
   sc.w t4, t3, (a3)
   bnez t4, 3b
   ret
