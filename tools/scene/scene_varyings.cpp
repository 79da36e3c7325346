/* SPDX-License-Identifier: MIT */
/*
 * The "varyings" scene: a GLSL 1.20 program that uses all 15 varyings lsgpu reports
 * (the front colours and 13 user vec4s), while st/mesa adds everything it hides
 * from the linker's count behind them: the back colours of two-sided colour
 * selection, two vec4s of clip distances for six user clip planes (gl_ClipVertex) and,
 * for unfilled polygons, the edge flag. That is every one of the hardware's 20
 * varying slots in the vertex stage. Each 8-pixel column shows one varying, so a
 * varying read from the wrong slot changes its column.
 */
#include <string>

#define GL_GLEXT_PROTOTYPES
#include <GL/gl.h>
#include <GL/glext.h>

#include "scenes.h"

namespace lsgpu::scene
{

namespace
{

constexpr int kUserVaryings = 13;

std::string
vertex_shader()
{
   std::string s = "#version 120\nattribute vec2 position;\n";
   for (int i = 0; i < kUserVaryings; i++)
      s += "varying vec4 v" + std::to_string(i) + ";\n";
   s += "void main() {\n"
        "   vec4 p = vec4(position, 0.0, 1.0);\n"
        "   gl_Position = p;\n"
        "   gl_ClipVertex = p;\n"
        "   vec2 u = position * 0.5 + 0.5;\n"
        "   gl_FrontColor = vec4(u.x, u.y, 0.2, 1.0);\n"
        "   gl_BackColor = vec4(0.9, u.x, u.y, 1.0);\n"
        "   gl_FrontSecondaryColor = vec4(u.y, 0.6, u.x, 1.0);\n"
        "   gl_BackSecondaryColor = vec4(0.3, u.y, 1.0 - u.x, 1.0);\n";
   /* Varying i: a different mix of the two coordinates per component. */
   for (int i = 0; i < kUserVaryings; i++) {
      const float a = 0.1f + 0.06f * (float)i, b = 0.9f - 0.05f * (float)i;
      s += "   v" + std::to_string(i) + " = vec4(u.x * " + std::to_string(a) + ", u.y * " +
           std::to_string(b) + ", (u.x + u.y) * " + std::to_string(a * 0.5f) + ", 1.0 - u.y * " +
           std::to_string(a) + ");\n";
   }
   return s + "}\n";
}

std::string
fragment_shader()
{
   std::string s = "#version 120\nuniform float invert;\n";
   for (int i = 0; i < kUserVaryings; i++)
      s += "varying vec4 v" + std::to_string(i) + ";\n";
   s += "void main() {\n"
        "   int column = int(gl_FragCoord.x / 8.0);\n"
        "   vec4 c = 0.5 * (gl_Color + gl_SecondaryColor);\n";
   for (int i = 0; i < kUserVaryings; i++)
      s += "   if (column == " + std::to_string(i) + ") c = v" + std::to_string(i) + ";\n";
   s += "   if (column == 13) c = gl_Color;\n"
        "   if (column == 14) c = gl_SecondaryColor;\n"
        "   gl_FragColor = vec4(abs(vec3(invert) - c.rgb * c.a), 1.0);\n"
        "}\n";
   return s;
}

} // namespace

void
varyings()
{
   const std::string vs = vertex_shader(), fs = fragment_shader();
   const GLuint prog = link_program(vs.c_str(), fs.c_str());
   glUseProgram(prog);
   glEnable(GL_VERTEX_PROGRAM_TWO_SIDE);
   /* Six planes (two vec4s of distances), each cutting a corner or an edge off. */
   static const double planes[6][4] = {
      {-1, -1, 0, 1.5}, {1, -1, 0, 1.6}, {0, 1, 0, 0.95},
      {-1, 0, 0, 0.97}, {1, 1, 0, 1.7},  {1, 0, 0, 0.93},
   };
   for (int i = 0; i < 6; i++) {
      glClipPlane(GL_CLIP_PLANE0 + i, planes[i]);
      glEnable(GL_CLIP_PLANE0 + i);
   }
   const GLint pos = glGetAttribLocation(prog, "position");
   glBindBuffer(GL_ARRAY_BUFFER, 0);
   glEnableVertexAttribArray(pos);
   /* Top: a front-facing (counter-clockwise) quad; bottom: a back-facing one. */
   static const float front[] = {-1, 0.05f, 1, 0.05f, -1, 1, 1, 1};
   static const float back[] = {-1, -1, -1, -0.05f, 1, -1, 1, -0.05f};
   glVertexAttribPointer(pos, 2, GL_FLOAT, GL_FALSE, 0, front);
   glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
   glVertexAttribPointer(pos, 2, GL_FLOAT, GL_FALSE, 0, back);
   glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
   /* Unfilled triangles over both, with their inner edges hidden by edge flags: the
    * vertex shader's outputs now include the flag. Inverted colours tell the lines
    * from the quads. */
   static const float tris[] = {-0.8f, -0.7f, 0.7f, -0.6f, 0.6f,  0.7f,
                                -0.8f, -0.7f, 0.6f, 0.7f,  -0.7f, 0.6f};
   static const GLboolean flags[] = {GL_TRUE, GL_TRUE, GL_FALSE, GL_FALSE, GL_TRUE, GL_TRUE};
   glUniform1f(glGetUniformLocation(prog, "invert"), 1.0f);
   glPolygonMode(GL_FRONT_AND_BACK, GL_LINE);
   glEnableClientState(GL_EDGE_FLAG_ARRAY);
   glEdgeFlagPointer(0, flags);
   glVertexAttribPointer(pos, 2, GL_FLOAT, GL_FALSE, 0, tris);
   glDrawArrays(GL_TRIANGLES, 0, 6);
   glDisableClientState(GL_EDGE_FLAG_ARRAY);
   glPolygonMode(GL_FRONT_AND_BACK, GL_FILL);
   glDisableVertexAttribArray(pos);
   for (int i = 0; i < 6; i++)
      glDisable(GL_CLIP_PLANE0 + i);
   glDisable(GL_VERTEX_PROGRAM_TWO_SIDE);
   glUseProgram(0);
   glDeleteProgram(prog);
}

} // namespace lsgpu::scene
