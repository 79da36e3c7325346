# The instruction classes alu.S and fp.S leave out. In: a0 -> {a, b, fa, fb, fc}.
# Out: a1 -> results[].
   lw t0, 0(a0)
   lw t1, 4(a0)
   # unsigned branches
   li t2, 0
   bltu t0, t1, 1f
   li t2, 1
1: sw t2, 0(a1)
   li t2, 0
   bgeu t0, t1, 2f
   li t2, 1
2: sw t2, 4(a1)
   # immediates
   sltiu t2, t0, 100
   sw t2, 8(a1)
   xori t2, t0, 0x555
   sw t2, 12(a1)
   ori t2, t0, 0x0f0
   sw t2, 16(a1)
   andi t2, t0, 0x0ff
   sw t2, 20(a1)
   slli t2, t0, 7
   sw t2, 24(a1)
   srli t2, t0, 7
   sw t2, 28(a1)
   # auipc: the pc of this instruction plus 0x1000, minus the pc from jal
   auipc t2, 1
   jal t3, 3f
3: sub t2, t2, t3
   sw t2, 32(a1)
   # AMOs on a lane-private word (out slot 20)
   sw t0, 80(a1)
   addi t4, a1, 80
   amoswap.w t5, t1, (t4)
   sw t5, 36(a1)
   amoxor.w t5, t0, (t4)
   amoand.w t5, t1, (t4)
   amoor.w t5, t0, (t4)
   amomin.w t5, t1, (t4)
   amomax.w t5, t0, (t4)
   amominu.w t5, t1, (t4)
   amomaxu.w t5, t0, (t4)
   lw t5, 80(a1)
   sw t5, 40(a1)
   # float: fused variants, sign injection, unsigned conversion
   flw ft0, 8(a0)
   flw ft1, 12(a0)
   flw ft2, 16(a0)
   fmsub.s ft3, ft0, ft1, ft2
   fsw ft3, 44(a1)
   fnmsub.s ft3, ft0, ft1, ft2
   fsw ft3, 48(a1)
   fnmadd.s ft3, ft0, ft1, ft2
   fsw ft3, 52(a1)
   fsgnjx.s ft3, ft0, ft1
   fsw ft3, 56(a1)
   fcvt.s.wu ft3, t0
   fsw ft3, 60(a1)
   fmv.w.x ft3, t1
   fsw ft3, 64(a1)
   # CSRs: set frm to rtz, read it back, then fcvt with the dynamic mode
   li t6, 1
   fsrm t5, t6
   frrm t5
   sw t5, 68(a1)
   fcvt.w.s t5, ft0
   sw t5, 72(a1)
   frcsr t5
   sw t5, 76(a1)
   ret
