# Demote inside a loop: lane L demotes on iteration L % 4, keeps looping 4 times and
# computes a derivative afterwards. Out: a1 -> {iterations, is_helper, ddx}; writes of
# helper lanes are discarded, so those lanes leave their output untouched.
   .insn i 0x0b, 0, t0, x0, 0        # lane
   andi t1, t0, 3                    # demote on this iteration
   li t2, 0
1: bne t2, t1, 2f
   andi t3, t0, 1                    # only odd lanes demote
   beqz t3, 2f
   .insn r 0x0b, 3, 0, x0, x0, x0    # lsgpu.demote
2: addi t2, t2, 1
   li t4, 4
   blt t2, t4, 1b
   sw t2, 0(a1)
   .insn i 0x0b, 0, t5, x0, 15       # helper flag
   sw t5, 4(a1)
   fcvt.s.w ft0, t0
   .insn r 0x0b, 2, 0, ft1, ft0, f0  # ddx of the lane index: 1 everywhere
   fsw ft1, 8(a1)
   ret
