/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_SHADER_ISA_H
#define LSGPU_SIM_SHADER_ISA_H

#include <cstdint>
#include <vector>

#include "lsgpu_isa.h"

namespace lsgpu::sim
{

/* Decoded LSGPU-1 instructions (docs/isa.md): RV32IMAF + Xlsgpu. Programs are decoded
 * once per dispatch, so execution never looks at encodings again. */
enum class Op : uint8_t {
   ILLEGAL,
   /* RV32I */
   LUI,
   AUIPC,
   JAL,
   JALR,
   BEQ,
   BNE,
   BLT,
   BGE,
   BLTU,
   BGEU,
   LB,
   LH,
   LW,
   LBU,
   LHU,
   SB,
   SH,
   SW,
   ADDI,
   SLTI,
   SLTIU,
   XORI,
   ORI,
   ANDI,
   SLLI,
   SRLI,
   SRAI,
   ADD,
   SUB,
   SLL,
   SLT,
   SLTU,
   XOR,
   SRL,
   SRA,
   OR,
   AND,
   FENCE,
   CSRRW,
   CSRRS,
   CSRRC,
   CSRRWI,
   CSRRSI,
   CSRRCI,
   /* M */
   MUL,
   MULH,
   MULHSU,
   MULHU,
   DIV,
   DIVU,
   REM,
   REMU,
   /* A */
   LR_W,
   SC_W,
   AMOSWAP,
   AMOADD,
   AMOXOR,
   AMOAND,
   AMOOR,
   AMOMIN,
   AMOMAX,
   AMOMINU,
   AMOMAXU,
   /* F */
   FLW,
   FSW,
   FMADD,
   FMSUB,
   FNMSUB,
   FNMADD,
   FADD,
   FSUB,
   FMUL,
   FDIV,
   FSQRT,
   FSGNJ,
   FSGNJN,
   FSGNJX,
   FMIN,
   FMAX,
   FCVT_W_S,
   FCVT_WU_S,
   FMV_X_W,
   FEQ,
   FLT,
   FLE,
   FCLASS,
   FCVT_S_W,
   FCVT_S_WU,
   FMV_W_X,
   /* Xlsgpu */
   SYSVAL,
   FUNARY,
   QUAD,
   DEMOTE,
   TERMINATE,
   BARRIER,
   TEX,
   TXF,
   IMGST,
   FBLD,
};

/* Register numbers are remapped so that writes to x0 land in a scratch register and
 * reads of x0 read a register that is always zero. */
constexpr uint8_t kRegZero = 0;
constexpr uint8_t kRegSink = 32;

struct Inst {
   Op op = Op::ILLEGAL;
   uint8_t rd = kRegSink;
   uint8_t rs1 = 0, rs2 = 0, rs3 = 0;
   uint8_t rm = 0;     /* float rounding mode field */
   uint8_t sub = 0;    /* Xlsgpu funct7 / sysval index / CSR selector */
   uint8_t cycles = 0; /* timing model: cycles beyond the issue cycle (docs/isa.md §6) */
   int32_t imm = 0;
};

/* Bytes a load or store moves (LB..FSW), 0 for any other instruction. */
inline unsigned
memory_access_size(Op op)
{
   switch (op) {
   case Op::LB:
   case Op::LBU:
   case Op::SB:
      return 1;
   case Op::LH:
   case Op::LHU:
   case Op::SH:
      return 2;
   case Op::LW:
   case Op::FLW:
   case Op::SW:
   case Op::FSW:
      return 4;
   default:
      return 0;
   }
}

inline bool
is_store(Op op)
{
   return op == Op::SB || op == Op::SH || op == Op::SW || op == Op::FSW;
}

/* The conditional branches (RV32I B-type). */
inline bool
is_branch(Op op)
{
   return op >= Op::BEQ && op <= Op::BGEU;
}

/* Whether op writes its rd and rd names an integer register (x), not a float one (f). */
inline bool
writes_x_register(Op op)
{
   switch (op) {
   case Op::FCVT_W_S:
   case Op::FCVT_WU_S:
   case Op::FMV_X_W:
   case Op::FEQ:
   case Op::FLT:
   case Op::FLE:
   case Op::FCLASS:
   case Op::SYSVAL:
      return true;
   default:
      /* RV32I, Zicsr, M and A, but for branches and stores, whose rd field holds
       * immediate bits. */
      return op > Op::ILLEGAL && op <= Op::AMOMAXU && !is_branch(op) && !is_store(op);
   }
}

/* Decodes one 32-bit instruction word; unknown encodings give Op::ILLEGAL. */
Inst decode_instruction(uint32_t word);

/* The registers a program can read, one bit each: every register its instructions
 * name in any field, counted in both files (a superset is enough), the texture
 * operands and results that lsgpu.tex, txf, imgst and fbld use without naming them
 * (docs/isa.md §3.2), and the system values its lsgpu.sysval instructions select. A
 * register outside these is never read by the program, so a core that reuses a warp's
 * storage needs to zero only these (Warp::reset). The defaults: all of them. */
struct RegisterUse {
   uint64_t x = ~0ull; /* x0..x31 and the write sink, kRegSink */
   uint32_t f = ~0u;
   uint32_t sysval = ~0u;
};
RegisterUse register_use(const std::vector<Inst> &code);

/* Xlsgpu's system values, float unary and quad operations, texture LOD modes and the
 * timing model are generated from src/hw/lsgpu_isa.yaml into lsgpu_isa.h
 * (LSGPU_SYSVAL_*, LSGPU_FUNARY_*, LSGPU_QUAD_*, lsgpu_tex_funct7_*). */

} // namespace lsgpu::sim

#endif
