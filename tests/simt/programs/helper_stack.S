# Helper lanes keep their stacks: odd lanes demote, then every lane spills its lane
# number plus 100 to its stack and reads it back. An even lane's ddx of the value read
# back needs its helper neighbour's, which a discarded spill would leave 0. Out: a1 ->
# {ddx, value read back}; helper lanes' output writes are discarded.
   .include "lsgpu_isa.inc"  # Xlsgpu macros generated from src/hw/lsgpu_isa.yaml
   lsgpu_sysval t0, LSGPU_SYSVAL_LANE# lane
   andi t1, t0, 1
   beqz t1, 1f
   lsgpu_demote                      # odd lanes become helpers
1: addi sp, sp, -16
   addi t2, t0, 100
   sw t2, 4(sp)                      # a spill
   lw t3, 4(sp)                      # and its fill
   addi sp, sp, 16
   fcvt.s.w ft0, t3
   lsgpu_ddx_fine ft1, ft0           # 1 when the helper's fill saw its spill
   fsw ft1, 0(a1)
   sw t3, 4(a1)
   ret
