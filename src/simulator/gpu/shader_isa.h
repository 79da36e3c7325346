/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_SHADER_ISA_H
#define LSGPU_SIM_SHADER_ISA_H

#include <cstdint>

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
};

/* Register numbers are remapped so that writes to x0 land in a scratch register and
 * reads of x0 read a register that is always zero. */
constexpr uint8_t kRegZero = 0;
constexpr uint8_t kRegSink = 32;

struct Inst {
   Op op = Op::ILLEGAL;
   uint8_t rd = kRegSink;
   uint8_t rs1 = 0, rs2 = 0, rs3 = 0;
   uint8_t rm = 0;  /* float rounding mode field */
   uint8_t sub = 0; /* Xlsgpu funct7 / sysval index / CSR selector */
   int32_t imm = 0;
};

/* Decodes one 32-bit instruction word; unknown encodings give Op::ILLEGAL. */
Inst decode_instruction(uint32_t word);

/* System value indices of lsgpu.sysval (docs/isa.md §3.3). */
enum SysVal : uint8_t {
   SV_LANE = 0,
   SV_WARP,
   SV_LOCAL_X,
   SV_LOCAL_Y,
   SV_LOCAL_Z,
   SV_LOCAL_INDEX,
   SV_WG_X,
   SV_WG_Y,
   SV_WG_Z,
   SV_NUM_WG_X,
   SV_NUM_WG_Y,
   SV_NUM_WG_Z,
   SV_VERTEX_ID,
   SV_INSTANCE_ID,
   SV_FRONT_FACING,
   SV_HELPER,
   SV_COUNT
};

/* lsgpu.* float unary ops (funct7 of custom-0 funct3 1). */
enum FUnary : uint8_t {
   FU_FLOOR = 0,
   FU_CEIL,
   FU_TRUNC,
   FU_ROUNDEVEN,
   FU_FRACT,
   FU_RCP,
   FU_RSQRT,
   FU_EXP2,
   FU_LOG2,
   FU_SIN,
   FU_COS,
   FU_COUNT
};

/* lsgpu.* quad ops (funct7 of custom-0 funct3 2). */
enum QuadOp : uint8_t {
   Q_DDX_FINE = 0,
   Q_DDY_FINE,
   Q_DDX_COARSE,
   Q_DDY_COARSE,
   Q_SWAPX,
   Q_SWAPY,
   Q_SWAPDIAG,
   Q_BCAST,
   Q_COUNT
};

} // namespace lsgpu::sim

#endif
