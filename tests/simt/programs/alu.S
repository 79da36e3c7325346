# Integer ALU and M-extension results. In: a0 -> {a, b}. Out: a1 -> results[].
   lw t0, 0(a0)
   lw t1, 4(a0)
   add t2, t0, t1
   sw t2, 0(a1)
   sub t2, t0, t1
   sw t2, 4(a1)
   and t2, t0, t1
   sw t2, 8(a1)
   or t2, t0, t1
   sw t2, 12(a1)
   xor t2, t0, t1
   sw t2, 16(a1)
   sll t2, t0, t1
   sw t2, 20(a1)
   srl t2, t0, t1
   sw t2, 24(a1)
   sra t2, t0, t1
   sw t2, 28(a1)
   slt t2, t0, t1
   sw t2, 32(a1)
   sltu t2, t0, t1
   sw t2, 36(a1)
   mul t2, t0, t1
   sw t2, 40(a1)
   mulh t2, t0, t1
   sw t2, 44(a1)
   mulhu t2, t0, t1
   sw t2, 48(a1)
   mulhsu t2, t0, t1
   sw t2, 52(a1)
   div t2, t0, t1
   sw t2, 56(a1)
   divu t2, t0, t1
   sw t2, 60(a1)
   rem t2, t0, t1
   sw t2, 64(a1)
   remu t2, t0, t1
   sw t2, 68(a1)
   addi t2, t0, -2048
   sw t2, 72(a1)
   srai t2, t0, 31
   sw t2, 76(a1)
   lui t2, 0xfffff
   sw t2, 80(a1)
   lb t2, 0(a0)
   sw t2, 84(a1)
   lhu t2, 0(a0)
   sw t2, 88(a1)
   sh t0, 92(a1)
   sb t1, 94(a1)
   ret
