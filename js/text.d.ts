// Text files that esbuild bundles as strings (--loader:.txt=text).
declare module '*.txt' {
  const text: string;
  export default text;
}
