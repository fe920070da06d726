#!/usr/bin/env python3
"""Per construct of C in patterns, how many conformance cases use it and how
many a tool passes: a rough count by regular expressions over the .cocci files.

usage: bench/suite-constructs.py TESTS_DIR LIST
  LIST is the --list output of cocci-score.py (one "case result" per line).
Prints a Markdown table: construct | cases | token-equal | byte-exact.
"""
import os, re, sys

T = sys.argv[1]
res = dict(l.split() for l in open(sys.argv[2]))
C={
 'function definition pattern': r'(?m)^[-+ *]?\s*(\w+\s+)*\w+\s*\([^;]*\)\s*\{',
 'struct/union/enum/typedef definition': r'(?m)^[-+ *]?\s*(typedef\s+)?(struct|union|enum)\s*\w*\s*\{',
 'preprocessor (#include/#define/#if)': r'(?m)^[-+ *]?\s*#\s*(include|define|ifdef|ifndef|if)\b',
 'initialiser list': r'=\s*\{|^\s*[-+]?\s*\.\w+\s*=',
 'typed metavariable': r'(?m)^\s*(struct\s+\w+\s*\*+\s*\w+|expression\s*\*+\s*\w+|(int|long|char|unsigned|u8|u16|u32|u64|size_t)\s+\**\w+\s*[,;]|\w+\s+\*+\w+\s*;)',
 'type metavariable': r'(?m)^\s*type\s+\w+',
 'declaration metavariable / decl patterns': r'(?m)^\s*(declaration|field|parameter)\b',
}
rows=[]
for name,rx in C.items():
    n=t=b=0
    for case,r in res.items():
        base=re.sub(r'_ver\d+$','',case)
        p=os.path.join(T,case+'.cocci')
        if not os.path.exists(p): p=os.path.join(T,base+'.cocci')
        try: c=open(p,errors='replace').read()
        except: continue
        if re.search(rx,c):
            n+=1; t+= r in('byte','token'); b+= r=='byte'
    rows.append((name,n,t,b))
print('| construct | cases | token-equal | byte-exact |')
print('|---|---|---|---|')
for r in rows:
    print('| %s | %d | %d | %d |' % r)
