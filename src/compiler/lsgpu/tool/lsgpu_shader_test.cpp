/* SPDX-License-Identifier: MIT */
#include "lsgpu_shader_test.h"

#include <algorithm>
#include <fstream>
#include <sstream>

static bool
read_all(const std::string &path, std::string *out)
{
   std::ifstream f(path);
   if (!f)
      return false;
   std::stringstream ss;
   ss << f.rdbuf();
   *out = ss.str();
   return true;
}

static std::string
dirname_of(const std::string &path)
{
   size_t slash = path.rfind('/');
   return slash == std::string::npos ? "." : path.substr(0, slash);
}

/* piglit's "[vertex shader passthrough]": position from the first attribute. */
static const char kPassthroughVs[] = "#version 110\n"
                                     "attribute vec4 piglit_vertex;\n"
                                     "void main() { gl_Position = piglit_vertex; }\n";

bool
lsgpu_parse_shader_test(const char *path, lsgpu_test_file *out, std::string *reason)
{
   std::string text;
   if (!read_all(path, &text)) {
      *reason = "cannot read the file";
      return false;
   }
   std::istringstream in(text);
   std::string line, section;
   int required = 110;
   lsgpu_test_source *current = nullptr;
   while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r')
         line.pop_back();
      if (!line.empty() && line[0] == '[') {
         section = line;
         current = nullptr;
         std::string suffix;
         if (section == "[vertex shader]" || section == "[vertex shader file]")
            suffix = ".vert";
         else if (section == "[fragment shader]" || section == "[fragment shader file]")
            suffix = ".frag";
         else if (section == "[compute shader]")
            suffix = ".comp";
         else if (section == "[vertex shader passthrough]")
            out->sources.push_back({".vert", kPassthroughVs});
         else if (section.find("geometry shader") != std::string::npos ||
                  section.find("tessellation") != std::string::npos) {
            *reason = "geometry or tessellation stage (not in GL 2.1)";
            return false;
         } else if (section.find("program]") != std::string::npos) {
            *reason = "ARB assembly program, not GLSL";
            return false;
         }
         if (!suffix.empty()) {
            out->sources.push_back({suffix, ""});
            current = &out->sources.back();
         }
         continue;
      }
      if (section == "[require]") {
         int major, minor;
         unsigned long limit;
         if (sscanf(line.c_str(), "rlimit %lu", &limit) == 1)
            out->rlimit = limit;
         if (sscanf(line.c_str(), "GLSL >= %d.%d", &major, &minor) == 2 ||
             sscanf(line.c_str(), "GLSL ES >= %d.%d", &major, &minor) == 2) {
            const int v = major * 100 + minor;
            if (line.find("ES") != std::string::npos) {
               *reason = "GLSL ES shader_test";
               return false;
            }
            if (v > required)
               required = v;
         }
         continue;
      }
      if (!current)
         continue;
      if (section.find(" file]") != std::string::npos) {
         if (line.empty())
            continue;
         if (!read_all(dirname_of(path) + "/" + line, &current->text)) {
            *reason = "missing shader file " + line;
            return false;
         }
         continue;
      }
      current->text += line + "\n";
   }
   if (out->sources.empty()) {
      *reason = "no GLSL shader in the file";
      return false;
   }
   /* shader_runner prepends the required version to sources that declare none. */
   out->glsl_version = std::max(out->glsl_version, required);
   if (required > 110) {
      for (lsgpu_test_source &src : out->sources) {
         if (src.text.find("#version") == std::string::npos)
            src.text = "#version " + std::to_string(required) + "\n" + src.text;
      }
   }
   return true;
}

bool
lsgpu_load_glsl_file(const char *path, lsgpu_test_file *out, std::string *reason)
{
   std::string p(path);
   std::string suffix = p.size() > 5 ? p.substr(p.size() - 5) : "";
   if (suffix != ".vert" && suffix != ".frag" && suffix != ".comp") {
      *reason = "unknown suffix (want .vert, .frag, .comp or .shader_test)";
      return false;
   }
   lsgpu_test_source s = {suffix, ""};
   if (!read_all(p, &s.text)) {
      *reason = "cannot read the file";
      return false;
   }
   /* The front end needs a GLSL version at least as high as the shader's #version. */
   int v = 0;
   size_t at = s.text.find("#version");
   if (at != std::string::npos && sscanf(s.text.c_str() + at, "#version %d", &v) == 1 &&
       v > out->glsl_version)
      out->glsl_version = v;
   out->sources.push_back(s);
   return true;
}
