/* SPDX-License-Identifier: MIT */
/*
 * The "out_of_bounds" scene: what careless programs do, drawn on lsgpu and compared
 * with llvmpipe. One quadrant each: indexed vertices whose colours lie past their
 * buffer, an attribute whose offset is beyond its buffer, glDrawArrays counting past
 * the positions, and a uniform array indexed below and above its size. Robust access
 * (docs/isa.md §4, VERTEX_ELEMENT.size) makes every outside read zero, as llvmpipe's
 * fetches do; nothing faults, and the scene's last draw proves the context lives on.
 * Zero shows as grey (0.3), not as the background. Colours are drawn opaque: GL lets
 * an outside w be 0 or 1, and the two drivers may differ there.
 */
#include <initializer_list>

#define GL_GLEXT_PROTOTYPES
#include <GL/gl.h>
#include <GL/glext.h>

#include "scenes.h"

namespace lsgpu::scene
{

namespace
{

const char *const kColourVs = "#version 120\n"
                              "attribute vec2 position;\n"
                              "attribute vec3 colour;\n"
                              "varying vec3 c;\n"
                              "void main() {\n"
                              "   gl_Position = vec4(position, 0.0, 1.0);\n"
                              "   c = colour;\n"
                              "}\n";
const char *const kColourFs = "#version 120\n"
                              "varying vec3 c;\n"
                              "void main() { gl_FragColor = vec4(c * 0.6 + 0.3, 1.0); }\n";

GLuint
buffer(GLenum target, const void *data, GLsizeiptr size)
{
   GLuint bo;
   glGenBuffers(1, &bo);
   glBindBuffer(target, bo);
   glBufferData(target, size, data, GL_STATIC_DRAW);
   return bo;
}

/* Binds position (two floats per vertex) and colour (three) from buffers. */
void
bind(GLuint prog, GLuint positions, GLuint colours, GLintptr colour_offset)
{
   const GLint pos = glGetAttribLocation(prog, "position");
   const GLint col = glGetAttribLocation(prog, "colour");
   glBindBuffer(GL_ARRAY_BUFFER, positions);
   glVertexAttribPointer(pos, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
   glEnableVertexAttribArray(pos);
   glBindBuffer(GL_ARRAY_BUFFER, colours);
   glVertexAttribPointer(col, 3, GL_FLOAT, GL_FALSE, 0, (const void *)colour_offset);
   glEnableVertexAttribArray(col);
}

} // namespace

void
out_of_bounds()
{
   const GLuint prog = link_program(kColourVs, kColourFs);
   glUseProgram(prog);
   const float colours[] = {1, 0, 0, 0, 1, 0}; /* two vertices' worth */
   const GLuint colour_bo = buffer(GL_ARRAY_BUFFER, colours, sizeof(colours));

   /* Lower left: a quad by index; vertices 2 and 3 have no colour in the buffer. */
   const float quad_ll[] = {-0.95f, -0.95f, -0.05f, -0.95f, -0.95f, -0.05f, -0.05f, -0.05f};
   const GLuint pos_ll = buffer(GL_ARRAY_BUFFER, quad_ll, sizeof(quad_ll));
   const GLushort indices[] = {0, 1, 2, 2, 1, 3};
   const GLuint ibo = buffer(GL_ELEMENT_ARRAY_BUFFER, indices, sizeof(indices));
   bind(prog, pos_ll, colour_bo, 0);
   glDrawElements(GL_TRIANGLES, 6, GL_UNSIGNED_SHORT, nullptr);
   glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, 0);

   /* Lower right: the colour attribute starts 4 KiB past its 24-byte buffer. */
   const float quad_lr[] = {0.05f, -0.95f, 0.95f, -0.95f, 0.05f, -0.05f, 0.95f, -0.05f};
   const GLuint pos_lr = buffer(GL_ARRAY_BUFFER, quad_lr, sizeof(quad_lr));
   bind(prog, pos_lr, colour_bo, 4096);
   glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);

   /* Upper left: two triangles' positions, drawn with a count of five triangles.
    * The missing vertices read (0, 0): the three extra triangles have no area. */
   const float tris_ul[] = {-0.95f, 0.05f, -0.05f, 0.05f, -0.95f, 0.95f,
                            -0.05f, 0.05f, -0.05f, 0.95f, -0.95f, 0.95f};
   const GLuint pos_ul = buffer(GL_ARRAY_BUFFER, tris_ul, sizeof(tris_ul));
   bind(prog, pos_ul, colour_bo, 0);
   glDrawArrays(GL_TRIANGLES, 0, 15);

   /* Upper right: a uniform array of four colours indexed by column from -4 to 11,
    * and the top rows at 100000: outside the array reads zero. */
   static const char *const array_fs = "#version 120\n"
                                       "uniform vec4 palette[4];\n"
                                       "uniform int far;\n"
                                       "void main() {\n"
                                       "   int i = int(gl_FragCoord.x - 64.0) / 4 - 4;\n"
                                       "   if (gl_FragCoord.y > 118.0) i = far;\n"
                                       "   gl_FragColor = vec4(palette[i].rgb * 0.6 + 0.3, 1.0);\n"
                                       "}\n";
   static const char *const rect_vs = "#version 120\n"
                                      "attribute vec2 position;\n"
                                      "void main() { gl_Position = vec4(position, 0.0, 1.0); }\n";
   const GLuint array_prog = link_program(rect_vs, array_fs);
   glUseProgram(array_prog);
   const float palette[] = {1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1, 1, 1, 0, 1};
   glUniform4fv(glGetUniformLocation(array_prog, "palette"), 4, palette);
   glUniform1i(glGetUniformLocation(array_prog, "far"), 100000);
   glBindBuffer(GL_ARRAY_BUFFER, 0);
   draw_rect(array_prog, 0.0f, 0.05f, 1.0f, 0.95f);

   /* After all of it, the context still draws: a white bar along the top. */
   static const char *const white_fs = "#version 120\n"
                                       "void main() { gl_FragColor = vec4(1.0); }\n";
   const GLuint white = link_program(rect_vs, white_fs);
   glUseProgram(white);
   draw_rect(white, -1.0f, 0.96f, 1.0f, 1.0f);

   glUseProgram(0);
   for (GLuint p : {prog, array_prog, white})
      glDeleteProgram(p);
   for (GLuint bo : {colour_bo, pos_ll, ibo, pos_lr, pos_ul})
      glDeleteBuffers(1, &bo);
}

} // namespace lsgpu::scene
