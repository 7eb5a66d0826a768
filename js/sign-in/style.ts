// The element's look. Themed by custom properties (each with a light and a dark default) and
// ::part()s; logical properties only, so that right-to-left pages mirror it.
export const STYLE = `
:host{display:block;max-width:var(--authing-width,22rem);font:var(--authing-font,15px/1.5 system-ui,sans-serif)}
.root{--_bg:var(--authing-background,#fff);--_fg:var(--authing-text,#1f2937);--_muted:var(--authing-muted,#4b5563);--_line:var(--authing-border,#6b7280);--_p:var(--authing-primary,#1d4ed8);--_on-p:var(--authing-on-primary,#fff);--_err:var(--authing-error,#b91c1c);--_r:var(--authing-radius,.5rem);
background:var(--_bg);color:var(--_fg);padding:1.5rem;border-radius:var(--_r);color-scheme:light}
.dark{--_bg:var(--authing-background,#111827);--_fg:var(--authing-text,#f3f4f6);--_muted:var(--authing-muted,#d1d5db);--_line:var(--authing-border,#9ca3af);--_p:var(--authing-primary,#93b4ff);--_on-p:var(--authing-on-primary,#0b1220);--_err:var(--authing-error,#fca5a5);color-scheme:dark}
h2{font-size:1.35em;margin:0 0 1rem}
[role=tablist]{display:flex;gap:.25rem;border-block-end:1px solid var(--_line);margin-block-end:1rem}
[role=tab]{flex:1;padding:.5rem .25rem;border:0;border-block-end:3px solid transparent;background:none;color:var(--_muted);font:inherit;cursor:pointer}
[role=tab][aria-selected=true]{color:var(--_fg);border-color:var(--_p);font-weight:600}
.field{margin-block-end:.9rem}
label{display:block;margin-block-end:.25rem;font-weight:500}
.row{display:flex;gap:.5rem}
input,select{box-sizing:border-box;width:100%;padding:.55rem .7rem;border:1px solid var(--_line);border-radius:var(--_r);background:var(--_bg);color:var(--_fg);font:inherit}
select{width:auto}
input[aria-invalid=true]{border-color:var(--_err)}
button{font:inherit;border-radius:var(--_r);cursor:pointer}
.primary,.secondary{width:100%;padding:.6rem 1rem;border:1px solid var(--_p)}
.primary{background:var(--_p);color:var(--_on-p);font-weight:600}
.secondary{background:none;color:var(--_fg);border-color:var(--_line);display:flex;align-items:center;justify-content:center;gap:.5rem;margin-block-start:.5rem}
.secondary img{width:1.25rem;height:1.25rem}
.send{white-space:nowrap;padding:.55rem .7rem;border:1px solid var(--_p);background:none;color:var(--_fg)}
button[disabled]{opacity:.65;cursor:default}
[aria-busy=true] .primary{cursor:progress}
[aria-busy=true] .primary::before{content:"";display:inline-block;inline-size:.8em;block-size:.8em;margin-inline-end:.5em;border:2px solid currentColor;border-inline-end-color:transparent;border-radius:50%;animation:spin .8s linear infinite;vertical-align:-.1em}
@keyframes spin{to{transform:rotate(1turn)}}
:focus-visible{outline:3px solid var(--_p);outline-offset:2px}
.error,.alert{color:var(--_err);margin:.25rem 0 0;font-size:.93em}
[hidden],.alert:empty,.error:empty,.status:empty{display:none!important}
.alert{margin-block-end:.75rem}
.status{color:var(--_muted);margin:0 0 .75rem}
.or{display:flex;align-items:center;gap:.75rem;color:var(--_muted);margin:1rem 0 .5rem}
.or::before,.or::after{content:"";flex:1;border-block-start:1px solid var(--_line)}
.links{display:flex;justify-content:space-between;gap:1rem;margin:1rem 0 0}
a,.link{color:var(--_p);background:none;border:0;padding:0;font:inherit;text-decoration:underline;cursor:pointer}
.qr{text-align:center}
.qr svg{display:block;margin:0 auto .5rem;max-width:100%;height:auto}
@media (prefers-reduced-motion:reduce){[aria-busy=true] .primary::before{animation:none}}
`;
