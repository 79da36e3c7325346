/* SPDX-License-Identifier: MIT */
/*
 * Bytes to GLSL 1.20 that compiles. Type-directed: every expression is built for the
 * type its context needs, so what reaches st/mesa is a valid program and the
 * fuzzer's effort goes into NIR lowering, the LLVM back end and the shader core,
 * not into the parser's error paths (text mode in the harness covers those).
 */
#include "glsl_generator.h"

#include <cstdio>
#include <initializer_list>
#include <vector>

namespace lsgpu::fuzz
{

const char *const kPassThroughVs = "#version 120\n"
                                   "attribute vec4 a_pos;\n"
                                   "attribute vec4 a_col;\n"
                                   "varying vec4 w0;\n"
                                   "varying vec2 w1;\n"
                                   "void main() {\n"
                                   "   gl_Position = a_pos;\n"
                                   "   w0 = a_col;\n"
                                   "   w1 = a_pos.xy * 0.5 + 0.5;\n"
                                   "}\n";

namespace
{

enum Type { Float, Vec2, Vec3, Vec4, Int, Bool, Mat2, Mat4, NumTypes };

const char *const kTypeName[NumTypes] = {"float", "vec2", "vec3", "vec4",
                                         "int",   "bool", "mat2", "mat4"};

int
vec_size(Type t)
{
   return t == Float ? 1 : t - Vec2 + 2;
}

Type
vec_of(int n)
{
   return n == 1 ? Float : Type(Vec2 + n - 2);
}

const char *const kOps[] = {" + ", " - ", " * ", " / "};
const char *const kAssignOps[] = {" += ", " -= ", " *= "};

/* Concatenates in order. The generator's pieces consume the input as they are built,
 * and the operands of + are evaluated in an order the compiler chooses: gcc and clang
 * chose differently, so the replay build and the fuzzer made different programs of
 * the same bytes. A braced list is evaluated left to right. */
std::string
cat(std::initializer_list<std::string> parts)
{
   std::string s;
   for (const std::string &p : parts)
      s += p;
   return s;
}

struct Var {
   std::string name;
   Type type;
   bool writable;
};

struct Function {
   std::string name;
   Type ret;
   std::vector<Type> params;
};

class Generator
{
 public:
   Generator(FuzzedDataProvider &fdp, bool fragment, const std::vector<Function> &funcs)
       : fdp_(fdp), fragment_(fragment), funcs_(funcs)
   {
   }

   std::string body(int statements);
   std::string expr(Type t, int depth);
   std::string function(const Function &f, int statements);
   std::string fold_locals(Type t);

 private:
   int pick(int n) { return fdp_.ConsumeIntegralInRange<int>(0, n - 1); }
   bool chance(int one_in) { return pick(one_in) == 0; }
   std::string fresh(const char *prefix) { return prefix + std::to_string(next_name_++); }

   std::string float_literal();
   std::string int_literal();
   std::string leaf(Type t);
   std::string float_expr(int d);
   std::string vec_expr(Type t, int d);
   std::string int_expr(int d);
   std::string bool_expr(int d);
   std::string mat_expr(Type t, int d);
   std::string call(Type t, int d);
   std::string choose(Type t, int d);
   std::string index_expr(int d, int size);
   std::string statement(int depth, int indent);
   std::string block(int depth, int indent);
   std::string loop(int depth, int indent);
   const Var *find(Type t, bool writable);

   FuzzedDataProvider &fdp_;
   const bool fragment_;
   const std::vector<Function> &funcs_;
   std::vector<Var> vars_;
   std::vector<std::pair<std::string, int>> arrays_; /* local float arrays and sizes */
   int budget_ = 0;
   int loops_ = 0;
   int next_name_ = 0;
};

std::string
Generator::float_literal()
{
   static const char *const kInteresting[] = {"0.0",  "1.0",     "-1.0",    "0.5",   "2.0",
                                              "1e10", "-1e-10",  "3.14159", "1e38",  "-0.0",
                                              "1e-7", "65504.0", "0.001",   "256.0", "-100.0"};
   if (fdp_.ConsumeBool())
      return std::string("(") + kInteresting[pick(std::size(kInteresting))] + ")";
   char buf[32];
   snprintf(buf, sizeof(buf), "(%.6f)", fdp_.ConsumeFloatingPointInRange<float>(-1000.f, 1000.f));
   return buf;
}

std::string
Generator::int_literal()
{
   const int v = chance(8) ? fdp_.ConsumeIntegralInRange<int>(-65535, 65535)
                           : fdp_.ConsumeIntegralInRange<int>(-8, 32);
   return "(" + std::to_string(v) + ")";
}

const Var *
Generator::find(Type t, bool writable)
{
   std::vector<const Var *> candidates;
   for (const Var &v : vars_)
      if (v.type == t && (!writable || v.writable))
         candidates.push_back(&v);
   if (candidates.empty())
      return nullptr;
   return candidates[pick(candidates.size())];
}

std::string
Generator::leaf(Type t)
{
   if (const Var *v = pick(3) ? find(t, false) : nullptr)
      return v->name;
   switch (t) {
   case Float:
      switch (pick(4)) {
      case 0:
         return "u[" + std::to_string(pick(kUniformFloats)) + "]";
      case 1:
         return std::string("uv.") + "xyzw"[pick(4)];
      default:
         return float_literal();
      }
   case Vec2:
   case Vec3:
   case Vec4: {
      /* The stage's inputs first: they make lanes differ, so control flow diverges. */
      const int n = vec_size(t);
      const char *const swz[] = {"", "", "xy", "xyz", "xyzw"};
      const char *const fs_in[] = {"w0", "gl_FragCoord", "uv"};
      const char *const vs_in[] = {"a_pos", "a_col", "uv"};
      switch (pick(4)) {
      case 0:
         return std::string(fragment_ ? fs_in[pick(3)] : vs_in[pick(3)]) + "." + swz[n];
      case 1:
         return fragment_ ? "w1.yxyx." + std::string(swz[n]) : "a_pos.wzyx." + std::string(swz[n]);
      default: {
         std::string s = std::string(kTypeName[t]) + "(" + float_literal();
         if (fdp_.ConsumeBool())
            for (int i = 1; i < n; i++)
               s += ", " + float_literal();
         return s + ")";
      }
      }
   }
   case Int:
      return pick(3) ? int_literal() : "ui";
   case Bool:
      switch (pick(3)) {
      case 0:
         return fragment_ && pick(2) ? "gl_FrontFacing" : "ub";
      case 1:
         return "true";
      default:
         return "false";
      }
   case Mat2:
      return "mat2(" + float_literal() + ")";
   case Mat4:
      return pick(2) ? "um" : "mat4(" + float_literal() + ")";
   default:
      return "0";
   }
}

/* An int for an array index: usually computed (in range or not: GLSL leaves it
 * undefined, and the hardware must neither fault nor crash), sometimes a constant in
 * range. " + ui - ui" keeps a computed index from folding into a constant, which the
 * GLSL front end would check and refuse when it is out of range. */
std::string
Generator::index_expr(int d, int size)
{
   switch (pick(4)) {
   case 0:
      return std::to_string(pick(size));
   case 1:
      return "int(clamp(" + float_expr(d) + ", 0.0, " + std::to_string(size - 1) + ".0)) + ui - ui";
   default:
      return int_expr(d) + " + ui - ui";
   }
}

std::string
Generator::float_expr(int d)
{
   if (d <= 0)
      return leaf(Float);
   static const char *const kUnary[] = {
      "sin",  "cos",   "tan",  "exp",   "exp2", "log",  "log2", "sqrt",    "inversesqrt", "abs",
      "sign", "floor", "ceil", "fract", "asin", "acos", "atan", "radians", "degrees"};
   static const char *const kBinary[] = {"pow", "mod", "min", "max", "step", "atan"};
   switch (pick(13)) {
   case 0:
   case 1:
      return cat({"(", float_expr(d - 1), kOps[pick(4)], float_expr(d - 1), ")"});
   case 2:
      /* Derivatives read the quad's other lanes: helpers and divergence matter. */
      if (fragment_ && chance(4))
         return cat({pick(3) ? pick(2) ? "dFdx(" : "dFdy(" : "fwidth(", float_expr(d - 1), ")"});
      return cat({kUnary[pick(std::size(kUnary))], "(", float_expr(d - 1), ")"});
   case 3:
      return cat({kBinary[pick(std::size(kBinary))], "(", float_expr(d - 1), ", ", float_expr(d - 1),
                  ")"});
   case 4: {
      const char *const f3[] = {"clamp", "mix", "smoothstep"};
      return cat({f3[pick(3)], "(", float_expr(d - 1), ", ", float_expr(d - 1), ", ",
                  float_expr(d - 1), ")"});
   }
   case 5: {
      const Type v = vec_of(2 + pick(3));
      switch (pick(3)) {
      case 0:
         return "length(" + vec_expr(v, d - 1) + ")";
      case 1:
         return cat({"dot(", vec_expr(v, d - 1), ", ", vec_expr(v, d - 1), ")"});
      default:
         return cat({"distance(", vec_expr(v, d - 1), ", ", vec_expr(v, d - 1), ")"});
      }
   }
   case 6:
      return cat({"(", vec_expr(Vec4, d - 1), ").", std::string(1, "xyzw"[pick(4)])});
   case 7:
      return "float(" + int_expr(d - 1) + ")";
   case 8:
      if (!arrays_.empty()) {
         const auto &a = arrays_[pick(arrays_.size())];
         return a.first + "[" + index_expr(d - 1, a.second) + "]";
      }
      return "u[" + index_expr(d - 1, kUniformFloats) + "]";
   case 9:
      return "u[" + index_expr(d - 1, kUniformFloats) + "]";
   case 10:
      return choose(Float, d);
   case 11:
      return call(Float, d);
   default:
      return "(-" + float_expr(d - 1) + ")";
   }
}

std::string
Generator::vec_expr(Type t, int d)
{
   if (d <= 0)
      return leaf(t);
   const int n = vec_size(t);
   const std::string tn = kTypeName[t];
   static const char *const kUnary[] = {"sin",   "exp2",      "sqrt", "abs", "floor",
                                        "fract", "normalize", "sign", "log2"};
   switch (pick(12)) {
   case 0:
   case 1:
      return cat({"(", vec_expr(t, d - 1), kOps[pick(4)], vec_expr(t, d - 1), ")"});
   case 2:
      return cat({"(", vec_expr(t, d - 1), " * ", float_expr(d - 1), ")"});
   case 3:
      return cat({kUnary[pick(std::size(kUnary))], "(", vec_expr(t, d - 1), ")"});
   case 4:
      if (pick(2))
         return cat({"mix(", vec_expr(t, d - 1), ", ", vec_expr(t, d - 1), ", ", float_expr(d - 1),
                     ")"});
      return cat({"clamp(", vec_expr(t, d - 1), ", ", float_expr(d - 1), ", ", float_expr(d - 1),
                  ")"});
   case 5: {
      /* A constructor from smaller pieces: vec4(vec2, float, float) and the like. */
      std::string s = tn + "(";
      int have = 0;
      while (have < n) {
         const int k = 1 + pick(n - have);
         s += (have ? ", " : "") + (k == 1 ? float_expr(d - 1) : vec_expr(vec_of(k), d - 1));
         have += k;
      }
      return s + ")";
   }
   case 6: {
      /* A swizzle of a wider (or equal) vector. */
      std::string swz;
      for (int i = 0; i < n; i++)
         swz += "xyzw"[pick(4)];
      return "(" + vec_expr(Vec4, d - 1) + ")." + swz;
   }
   case 7:
      if (t == Vec4 && fragment_) {
         switch (pick(4)) {
         case 0:
            return cat({"texture2D(tex, ", vec_expr(Vec2, d - 1), ", ", float_expr(d - 1), ")"});
         case 1:
            return "texture2DProj(tex, " + vec_expr(Vec3, d - 1) + ")";
         case 2:
            return "textureCube(cube, " + vec_expr(Vec3, d - 1) + ")";
         default:
            return "texture2D(tex, " + vec_expr(Vec2, d - 1) + ")";
         }
      }
      if (t == Vec4)
         return "(um * " + vec_expr(Vec4, d - 1) + ")";
      if (t == Vec2)
         return cat({"(", mat_expr(Mat2, d - 1), " * ", vec_expr(Vec2, d - 1), ")"});
      return cat({"cross(", vec_expr(Vec3, d - 1), ", ", vec_expr(Vec3, d - 1), ")"});
   case 8:
      return cat({"reflect(", vec_expr(t, d - 1), ", ", vec_expr(t, d - 1), ")"});
   case 9:
      return choose(t, d);
   case 10:
      return call(t, d);
   default:
      return leaf(t);
   }
}

std::string
Generator::int_expr(int d)
{
   if (d <= 0)
      return leaf(Int);
   switch (pick(6)) {
   case 0:
      return cat({"(", int_expr(d - 1), kOps[pick(4)], int_expr(d - 1), ")"});
   case 1:
      return "int(" + float_expr(d - 1) + ")";
   case 2:
      return choose(Int, d);
   case 3:
      return call(Int, d);
   default:
      return leaf(Int);
   }
}

std::string
Generator::bool_expr(int d)
{
   if (d <= 0)
      return leaf(Bool);
   static const char *const kCmp[] = {" < ", " <= ", " > ", " >= ", " == ", " != "};
   switch (pick(7)) {
   case 0:
      return cat({"(", float_expr(d - 1), kCmp[pick(6)], float_expr(d - 1), ")"});
   case 1:
      return cat({"(", int_expr(d - 1), kCmp[pick(6)], int_expr(d - 1), ")"});
   case 2: {
      const Type v = vec_of(2 + pick(3));
      const char *const rel[] = {"lessThan", "greaterThanEqual", "equal", "notEqual"};
      return cat({pick(2) ? "any(" : "all(", rel[pick(4)], "(", vec_expr(v, d - 1), ", ",
                  vec_expr(v, d - 1), "))"});
   }
   case 3:
      return cat({"(", bool_expr(d - 1), pick(3) ? pick(2) ? " && " : " || " : " ^^ ",
                  bool_expr(d - 1), ")"});
   case 4:
      return "(!" + bool_expr(d - 1) + ")";
   default:
      return leaf(Bool);
   }
}

std::string
Generator::mat_expr(Type t, int d)
{
   if (d <= 0)
      return leaf(t);
   switch (pick(4)) {
   case 0:
      return cat({"(", mat_expr(t, d - 1), " * ", mat_expr(t, d - 1), ")"});
   case 1:
      return cat({"matrixCompMult(", mat_expr(t, d - 1), ", ", mat_expr(t, d - 1), ")"});
   case 2:
      if (t == Mat2)
         return cat({"mat2(", vec_expr(Vec2, d - 1), ", ", vec_expr(Vec2, d - 1), ")"});
      return cat({"mat4(", vec_expr(Vec4, d - 1), ", ", vec_expr(Vec4, d - 1), ", ",
                  vec_expr(Vec4, d - 1), ", ", vec_expr(Vec4, d - 1), ")"});
   default:
      return leaf(t);
   }
}

/* A call of an earlier helper that returns t, or a leaf when there is none. */
std::string
Generator::call(Type t, int d)
{
   std::vector<const Function *> candidates;
   for (const Function &f : funcs_)
      if (f.ret == t)
         candidates.push_back(&f);
   if (candidates.empty() || d <= 0)
      return leaf(t);
   const Function &f = *candidates[pick(candidates.size())];
   std::string s = f.name + "(";
   for (size_t i = 0; i < f.params.size(); i++)
      s += (i ? ", " : "") + expr(f.params[i], d - 1);
   return s + ")";
}

/* cond ? a : b, both of type t. */
std::string
Generator::choose(Type t, int d)
{
   return cat({"(", bool_expr(d - 1), " ? ", expr(t, d - 1), " : ", expr(t, d - 1), ")"});
}

std::string
Generator::expr(Type t, int depth)
{
   if (depth <= 0)
      return leaf(t);
   switch (t) {
   case Float:
      return float_expr(depth);
   case Vec2:
   case Vec3:
   case Vec4:
      return vec_expr(t, depth);
   case Int:
      return int_expr(depth);
   case Bool:
      return bool_expr(depth);
   default:
      return mat_expr(t, depth);
   }
}

std::string
Generator::block(int depth, int indent)
{
   const size_t vars = vars_.size(), arrays = arrays_.size();
   std::string s = "{\n";
   for (int n = 1 + pick(4); n > 0 && budget_ > 0; n--)
      s += statement(depth, indent + 3);
   vars_.resize(vars);
   arrays_.resize(arrays);
   return s + std::string(indent, ' ') + "}\n";
}

std::string
Generator::loop(int depth, int indent)
{
   const std::string pad(indent, ' ');
   const std::string i = fresh("i");
   std::string limit;
   switch (pick(4)) {
   case 0:
      limit = "int(u[" + std::to_string(pick(kUniformFloats)) + "])"; /* may be huge */
      break;
   case 1:
      limit = "ui";
      break;
   default:
      limit = std::to_string(pick(12));
      break;
   }
   std::string s;
   if (pick(3)) {
      s = pad + "for (int " + i + " = 0; " + i + " < " + limit + "; " + i + "++) ";
   } else {
      /* while with the exit inside: a loop whose trip count the compiler cannot see. */
      s = pad + "int " + i + " = 0;\n" + pad + "while (true) ";
   }
   const bool is_while = s.find("while") != std::string::npos;
   vars_.push_back({i, Int, false});
   loops_++;
   std::string body = block(depth - 1, indent);
   loops_--;
   if (is_while)
      body.insert(2, pad + "   if (" + i + "++ >= " + limit + ") break;\n");
   if (is_while)
      vars_.back().writable = false; /* stays visible after the loop */
   else
      vars_.pop_back();
   return s + body;
}

std::string
Generator::statement(int depth, int indent)
{
   budget_--;
   const std::string pad(indent, ' ');
   const int choice = pick(depth > 0 ? 12 : 6);
   const Type t = Type(pick(NumTypes));
   const Var *target = find(t, true);
   switch (choice == 2 || choice == 3 ? (target ? choice : 0) : choice) {
   case 0:
   case 1: {
      const std::string name = fresh("v");
      std::string s = pad + kTypeName[t] + " " + name + " = " + expr(t, 3) + ";\n";
      vars_.push_back({name, t, true});
      return s;
   }
   case 2:
   case 3: {
      const Var *v = target;
      const bool compound = t != Bool && pick(2);
      const char *const op = compound ? kAssignOps[pick(3)] : " = ";
      return pad + v->name + op + expr(t, 3) + ";\n";
   }
   case 4: {
      const Type vt = vec_of(2 + pick(3));
      const Var *v = find(vt, true);
      if (!v)
         return pad + "// no vector to write a component of\n";
      const char c = "xyzw"[pick(vec_size(vt))];
      return pad + v->name + "." + c + " = " + float_expr(2) + ";\n";
   }
   case 5: {
      if (arrays_.empty() || chance(3)) {
         const std::string name = fresh("a");
         const int size = 2 + pick(15); /* > 16 floats goes to scratch memory */
         arrays_.push_back({name, size});
         return pad + "float " + name + "[" + std::to_string(size) + "];\n";
      }
      const auto &a = arrays_[pick(arrays_.size())];
      return cat({pad, a.first, "[", index_expr(2, a.second), "] = ", float_expr(2), ";\n"});
   }
   case 6:
   case 7: {
      std::string s = cat({pad, "if (", bool_expr(2), ") ", block(depth - 1, indent)});
      if (pick(2))
         s.insert(s.size() - 1, " else " + block(depth - 1, indent));
      return s;
   }
   case 8:
   case 9:
      return loop(depth, indent);
   case 10:
      if (loops_ && pick(2))
         return cat({pad, "if (", bool_expr(2), ") ", pick(2) ? "break" : "continue", ";\n"});
      if (fragment_)
         return pad + "if (" + bool_expr(2) + ") discard;\n";
      return pad + "// no loop to leave\n";
   default: {
      /* A void helper with an inout parameter, called on a local. */
      const Var *v = find(Vec4, true);
      for (const Function &f : funcs_)
         if (f.ret == NumTypes && v)
            return pad + f.name + "(" + v->name + ");\n";
      return pad + "// no void helper\n";
   }
   }
}

std::string
Generator::body(int statements)
{
   budget_ = statements;
   std::string s;
   while (budget_ > 0)
      s += statement(3, 3);
   return s;
}

/* An expression of type t (vec4 or vec2) that sums every local in scope, so what the
 * body computed reaches the output instead of being dead code. */
std::string
Generator::fold_locals(Type t)
{
   std::string s = expr(t, 2);
   for (const Var &v : vars_) {
      std::string as_vec4;
      switch (v.type) {
      case Float:
         as_vec4 = "vec4(" + v.name + ")";
         break;
      case Vec2:
         as_vec4 = v.name + ".xyxy";
         break;
      case Vec3:
         as_vec4 = v.name + ".xyzx";
         break;
      case Vec4:
         as_vec4 = v.name;
         break;
      case Int:
      case Bool:
         as_vec4 = "vec4(float(" + v.name + "))";
         break;
      case Mat2:
         as_vec4 = "vec4(" + v.name + "[0], " + v.name + "[1])";
         break;
      default:
         as_vec4 = v.name + "[1]";
         break;
      }
      s += " + " + (t == Vec4 ? as_vec4 : "(" + as_vec4 + ").zw");
   }
   return s;
}

/* A helper's text; f.ret == NumTypes is `void f(inout vec4 p)`. */
std::string
Generator::function(const Function &f, int statements)
{
   std::string s;
   if (f.ret == NumTypes) {
      s = "void " + f.name + "(inout vec4 p) {\n";
      vars_ = {{"p", Vec4, true}};
   } else {
      s = std::string(kTypeName[f.ret]) + " " + f.name + "(";
      vars_.clear();
      for (size_t i = 0; i < f.params.size(); i++) {
         const std::string p = "p" + std::to_string(i);
         s += (i ? ", " : "") + std::string(kTypeName[f.params[i]]) + " " + p;
         vars_.push_back({p, f.params[i], true});
      }
      s += ") {\n";
   }
   arrays_.clear();
   budget_ = statements;
   while (budget_ > 0)
      s += statement(2, 3);
   if (f.ret != NumTypes)
      s += "   return " + expr(f.ret, 3) + ";\n";
   vars_.clear();
   arrays_.clear();
   return s + "}\n";
}

const char *const kUniforms = "uniform float u[8];\n"
                              "uniform vec4 uv;\n"
                              "uniform int ui;\n"
                              "uniform bool ub;\n"
                              "uniform mat4 um;\n";

/* Helpers for one stage: a few typed functions and perhaps one with inout. */
std::string
helpers(FuzzedDataProvider &fdp, bool fragment, const char *prefix, std::vector<Function> &funcs)
{
   std::string s;
   const int n = fdp.ConsumeIntegralInRange(0, 3);
   for (int i = 0; i < n; i++) {
      Function f;
      f.name = prefix + std::to_string(i);
      f.ret =
         fdp.ConsumeIntegralInRange(0, 5) == 0 ? NumTypes : Type(fdp.ConsumeIntegralInRange(0, 4));
      if (f.ret != NumTypes)
         for (int p = fdp.ConsumeIntegralInRange(0, 3); p > 0; p--)
            f.params.push_back(Type(fdp.ConsumeIntegralInRange(0, 5)));
      /* Each helper sees only the ones before it: GLSL has no recursion. */
      Generator g(fdp, fragment, funcs);
      s += g.function(f, fdp.ConsumeIntegralInRange(1, 6));
      funcs.push_back(f);
   }
   return s;
}

} // namespace

GlslProgram
generate_glsl(FuzzedDataProvider &fdp)
{
   GlslProgram p;
   const int size = fdp.ConsumeIntegralInRange(1, 40);
   {
      std::vector<Function> funcs;
      std::string vs = "#version 120\n" + std::string(kUniforms) +
                       "attribute vec4 a_pos;\nattribute vec4 a_col;\n"
                       "varying vec4 w0;\nvarying vec2 w1;\n";
      vs += helpers(fdp, false, "vf", funcs);
      Generator g(fdp, false, funcs);
      vs += "void main() {\n";
      const bool generated_vs = fdp.ConsumeIntegralInRange(0, 3) == 0;
      if (generated_vs)
         vs += g.body(fdp.ConsumeIntegralInRange(1, 10));
      /* Positions stay on screen unless the input insists, so fragments run. */
      vs += fdp.ConsumeIntegralInRange(0, 15) ? "   gl_Position = a_pos;\n"
                                              : "   gl_Position = " + g.expr(Vec4, 3) + ";\n";
      vs += generated_vs ? cat({"   w0 = ", g.fold_locals(Vec4), ";\n   w1 = ", g.expr(Vec2, 3), ";\n"})
                         : "   w0 = a_col;\n   w1 = a_pos.xy * 0.5 + 0.5;\n";
      p.vs = vs + "}\n";
   }
   std::vector<Function> funcs;
   std::string fs = "#version 120\n" + std::string(kUniforms) +
                    "uniform sampler2D tex;\nuniform samplerCube cube;\n"
                    "varying vec4 w0;\nvarying vec2 w1;\n";
   fs += helpers(fdp, true, "f", funcs);
   Generator g(fdp, true, funcs);
   fs += "void main() {\n" + g.body(size);
   fs += "   gl_FragColor = " + g.fold_locals(Vec4) + ";\n";
   if (fdp.ConsumeIntegralInRange(0, 7) == 0)
      fs += "   gl_FragDepth = " + g.expr(Float, 2) + ";\n"; /* the harness may depth-test */
   fs += "}\n";
   p.fs = fs;
   return p;
}

} // namespace lsgpu::fuzz
