/* SPDX-License-Identifier: MIT */
/* RV32IMAF + Xlsgpu decoder (docs/isa.md). */
#include "gpu/shader/shader_isa.h"

namespace lsgpu::sim
{

namespace
{

/* Immediates are assembled unsigned and sign-extended from their top bit, so no
 * negative value is ever shifted left (undefined behaviour in C++17). */
int32_t
sign_extend(uint32_t value, unsigned bits)
{
   const uint32_t sign = 1u << (bits - 1);
   return (int32_t)((value ^ sign) - sign);
}

int32_t
imm_i(uint32_t w)
{
   return sign_extend(w >> 20, 12);
}

int32_t
imm_s(uint32_t w)
{
   return sign_extend((w >> 25) << 5 | ((w >> 7) & 0x1f), 12);
}

int32_t
imm_b(uint32_t w)
{
   return sign_extend(
      (w >> 31) << 12 | ((w >> 7) & 1) << 11 | ((w >> 25) & 0x3f) << 5 | ((w >> 8) & 0xf) << 1, 13);
}

int32_t
imm_j(uint32_t w)
{
   return sign_extend(
      (w >> 31) << 20 | (w & 0xff000) | ((w >> 20) & 1) << 11 | ((w >> 21) & 0x3ff) << 1, 21);
}

uint8_t
rd_of(uint32_t w)
{
   uint8_t r = (w >> 7) & 0x1f;
   return r ? r : kRegSink;
}

/* Float registers need no x0 remapping. */
uint8_t
frd_of(uint32_t w)
{
   return (w >> 7) & 0x1f;
}

bool
valid_rm(uint32_t rm)
{
   return rm <= 4 || rm == 7;
}

/* Xlsgpu through the table generated from src/hw/lsgpu_isa.yaml: one decoder for the
 * simulator and the disassembler. */
void
decode_xlsgpu(uint32_t w, Inst *in)
{
   uint32_t sub;
   const int xop = lsgpu_xlsgpu_decode(w, &sub);
   if (xop < 0)
      return; /* illegal */
   const lsgpu_xop_info *info = lsgpu_xop_describe((lsgpu_xop)xop);
   in->sub = (uint8_t)sub;
   in->cycles = info->cycles;
   if (info->rd_file == 'f')
      in->rd = frd_of(w);
   switch (info->group) {
   case LSGPU_XGROUP_SYSVAL:
      in->op = Op::SYSVAL;
      break;
   case LSGPU_XGROUP_FUNARY:
      in->op = Op::FUNARY;
      break;
   case LSGPU_XGROUP_QUAD:
      in->op = Op::QUAD;
      break;
   case LSGPU_XGROUP_CONTROL:
      in->op = xop == LSGPU_XOP_DEMOTE      ? Op::DEMOTE
               : xop == LSGPU_XOP_TERMINATE ? Op::TERMINATE
                                            : Op::BARRIER;
      break;
   case LSGPU_XGROUP_TEX:
      in->op = Op::TEX;
      break;
   case LSGPU_XGROUP_IMAGE:
      in->op = xop == LSGPU_XOP_TXF ? Op::TXF : xop == LSGPU_XOP_IMGST ? Op::IMGST : Op::FBLD;
      break;
   }
}

Inst
decode_base(uint32_t w)
{
   Inst in;
   const uint32_t opcode = w & 0x7f, f3 = (w >> 12) & 7, f7 = w >> 25;
   const uint8_t rs1 = (w >> 15) & 0x1f, rs2 = (w >> 20) & 0x1f, rs3 = w >> 27;
   in.rs1 = rs1;
   in.rs2 = rs2;
   in.rs3 = rs3;
   in.rd = rd_of(w);

   switch (opcode) {
   case 0x37:
      in.op = Op::LUI;
      in.imm = (int32_t)(w & 0xfffff000);
      return in;
   case 0x17:
      in.op = Op::AUIPC;
      in.imm = (int32_t)(w & 0xfffff000);
      return in;
   case 0x6f:
      in.op = Op::JAL;
      in.imm = imm_j(w);
      return in;
   case 0x67:
      if (f3 == 0) {
         in.op = Op::JALR;
         in.imm = imm_i(w);
      }
      return in;
   case 0x63: {
      static const Op ops[8] = {Op::BEQ, Op::BNE, Op::ILLEGAL, Op::ILLEGAL,
                                Op::BLT, Op::BGE, Op::BLTU,    Op::BGEU};
      in.op = ops[f3];
      in.imm = imm_b(w);
      return in;
   }
   case 0x03: {
      static const Op ops[8] = {Op::LB,  Op::LH,  Op::LW,      Op::ILLEGAL,
                                Op::LBU, Op::LHU, Op::ILLEGAL, Op::ILLEGAL};
      in.op = ops[f3];
      in.imm = imm_i(w);
      return in;
   }
   case 0x23: {
      static const Op ops[8] = {Op::SB,      Op::SH,      Op::SW,      Op::ILLEGAL,
                                Op::ILLEGAL, Op::ILLEGAL, Op::ILLEGAL, Op::ILLEGAL};
      in.op = ops[f3];
      in.imm = imm_s(w);
      return in;
   }
   case 0x13:
      in.imm = imm_i(w);
      switch (f3) {
      case 0:
         in.op = Op::ADDI;
         break;
      case 2:
         in.op = Op::SLTI;
         break;
      case 3:
         in.op = Op::SLTIU;
         break;
      case 4:
         in.op = Op::XORI;
         break;
      case 6:
         in.op = Op::ORI;
         break;
      case 7:
         in.op = Op::ANDI;
         break;
      case 1:
         if (f7 == 0) {
            in.op = Op::SLLI;
            in.imm = rs2;
         }
         break;
      case 5:
         if (f7 == 0 || f7 == 0x20) {
            in.op = f7 ? Op::SRAI : Op::SRLI;
            in.imm = rs2;
         }
         break;
      }
      return in;
   case 0x33:
      if (f7 == 0) {
         static const Op ops[8] = {Op::ADD, Op::SLL, Op::SLT, Op::SLTU,
                                   Op::XOR, Op::SRL, Op::OR,  Op::AND};
         in.op = ops[f3];
      } else if (f7 == 0x20) {
         if (f3 == 0)
            in.op = Op::SUB;
         else if (f3 == 5)
            in.op = Op::SRA;
      } else if (f7 == 1) {
         static const Op ops[8] = {Op::MUL, Op::MULH, Op::MULHSU, Op::MULHU,
                                   Op::DIV, Op::DIVU, Op::REM,    Op::REMU};
         in.op = ops[f3];
      }
      return in;
   case 0x0f:
      if (f3 == 0 || f3 == 1)
         in.op = Op::FENCE;
      return in;
   case 0x73: {
      /* Only the FP CSRs exist (docs/isa.md §1). */
      static const Op ops[8] = {Op::ILLEGAL, Op::CSRRW,  Op::CSRRS,  Op::CSRRC,
                                Op::ILLEGAL, Op::CSRRWI, Op::CSRRSI, Op::CSRRCI};
      uint32_t csr = w >> 20;
      if (ops[f3] != Op::ILLEGAL && csr >= 1 && csr <= 3) {
         in.op = ops[f3];
         in.sub = (uint8_t)csr;
         in.imm = rs1; /* the zimm of the immediate forms */
      }
      return in;
   }
   case 0x2f: {
      if (f3 != 2)
         return in;
      switch (f7 >> 2) {
      case 0x02:
         in.op = rs2 == 0 ? Op::LR_W : Op::ILLEGAL;
         break;
      case 0x03:
         in.op = Op::SC_W;
         break;
      case 0x01:
         in.op = Op::AMOSWAP;
         break;
      case 0x00:
         in.op = Op::AMOADD;
         break;
      case 0x04:
         in.op = Op::AMOXOR;
         break;
      case 0x0c:
         in.op = Op::AMOAND;
         break;
      case 0x08:
         in.op = Op::AMOOR;
         break;
      case 0x10:
         in.op = Op::AMOMIN;
         break;
      case 0x14:
         in.op = Op::AMOMAX;
         break;
      case 0x18:
         in.op = Op::AMOMINU;
         break;
      case 0x1c:
         in.op = Op::AMOMAXU;
         break;
      }
      return in;
   }
   case 0x07:
      if (f3 == 2) {
         in.op = Op::FLW;
         in.rd = frd_of(w);
         in.imm = imm_i(w);
      }
      return in;
   case 0x27:
      if (f3 == 2) {
         in.op = Op::FSW;
         in.imm = imm_s(w);
      }
      return in;
   case 0x43:
   case 0x47:
   case 0x4b:
   case 0x4f:
      if (((w >> 25) & 3) != 0 || !valid_rm(f3))
         return in;
      in.op = opcode == 0x43   ? Op::FMADD
              : opcode == 0x47 ? Op::FMSUB
              : opcode == 0x4b ? Op::FNMSUB
                               : Op::FNMADD;
      in.rd = frd_of(w);
      in.rm = (uint8_t)f3;
      return in;
   case 0x53: {
      in.rm = (uint8_t)f3;
      const uint8_t frd = frd_of(w);
      in.rd = frd;
      switch (f7) {
      case 0x00:
         in.op = Op::FADD;
         break;
      case 0x04:
         in.op = Op::FSUB;
         break;
      case 0x08:
         in.op = Op::FMUL;
         break;
      case 0x0c:
         in.op = Op::FDIV;
         break;
      case 0x2c:
         if (rs2 == 0)
            in.op = Op::FSQRT;
         break;
      case 0x10:
         in.op = f3 == 0 ? Op::FSGNJ : f3 == 1 ? Op::FSGNJN : f3 == 2 ? Op::FSGNJX : Op::ILLEGAL;
         return in;
      case 0x14:
         in.op = f3 == 0 ? Op::FMIN : f3 == 1 ? Op::FMAX : Op::ILLEGAL;
         return in;
      case 0x60:
         in.rd = rd_of(w);
         if (rs2 == 0)
            in.op = Op::FCVT_W_S;
         else if (rs2 == 1)
            in.op = Op::FCVT_WU_S;
         break;
      case 0x70:
         in.rd = rd_of(w);
         if (rs2 == 0 && f3 == 0)
            in.op = Op::FMV_X_W;
         else if (rs2 == 0 && f3 == 1)
            in.op = Op::FCLASS;
         return in;
      case 0x50:
         in.rd = rd_of(w);
         in.op = f3 == 2 ? Op::FEQ : f3 == 1 ? Op::FLT : f3 == 0 ? Op::FLE : Op::ILLEGAL;
         return in;
      case 0x68:
         if (rs2 == 0)
            in.op = Op::FCVT_S_W;
         else if (rs2 == 1)
            in.op = Op::FCVT_S_WU;
         break;
      case 0x78:
         if (rs2 == 0 && f3 == 0)
            in.op = Op::FMV_W_X;
         return in;
      default:
         return in;
      }
      if (!valid_rm(f3))
         in.op = Op::ILLEGAL;
      return in;
   }
   case LSGPU_OPCODE_CUSTOM0:
   case LSGPU_OPCODE_CUSTOM1:
      decode_xlsgpu(w, &in);
      return in;
   }
   return in;
}

} // namespace

Inst
decode_instruction(uint32_t w)
{
   Inst in = decode_base(w); /* Xlsgpu ops take their cycles from the table */
   if (in.op != Op::ILLEGAL && !lsgpu_is_xlsgpu(w))
      in.cycles = (uint8_t)lsgpu_isa_base_extra_cycles(w);
   return in;
}

RegisterUse
register_use(const std::vector<Inst> &code)
{
   static_assert(LSGPU_SYSVAL_COUNT <= 32, "RegisterUse::sysval has a bit per system value");
   static_assert(LSGPU_TEX_RESULT_REG + 3 < 32, "the texture results are float registers");
   RegisterUse use;
   use.x = 1ull << kRegZero | 1ull << kRegSink;
   use.f = 0;
   use.sysval = 0;
   for (const Inst &in : code) {
      for (const uint8_t r : {in.rd, in.rs1, in.rs2, in.rs3}) {
         use.x |= 1ull << (r & 63);
         if (r < 32)
            use.f |= 1u << r;
      }
      switch (in.op) {
      case Op::TEX:
      case Op::TXF:
      case Op::IMGST:
      case Op::FBLD:
         /* The operands f0 .. f12 and the results f28 .. f31. */
         use.f |= (1u << (LSGPU_TEX_OPERAND_LAYER + 1)) - 1;
         use.f |= 0xfu << LSGPU_TEX_RESULT_REG;
         break;
      case Op::SYSVAL:
         use.sysval |= in.sub < 32 ? 1u << in.sub : 0;
         break;
      default:
         break;
      }
   }
   return use;
}

} // namespace lsgpu::sim
