#version 120
uniform mat4 um;
uniform vec4 uv;
varying vec4 w0;
struct Light { vec3 dir; float power; };
float lit(Light l, vec3 n) { return pow(max(dot(n, normalize(l.dir)), 0.0), l.power); }
void main() {
   mat3 m = mat3(um);
   Light l = Light(m * uv.xyz, uv.w);
   vec3 n = normalize(w0.xyz * 2.0 - 1.0);
   gl_FragData[0] = vec4(vec3(lit(l, n)), 1.0) * (um * w0);
   gl_FragDepth = w0.z;
}
