// The peer checker for bench/peers.py: retext with readability, simplify and passive,
// run over every file named on the command line (folders: their .md and .txt files).
// bench/peers.py copies this file into its throwaway folder outside the repository,
// next to the retext packages it installs there; retext is a benchmark peer, not a
// dependency of easyread. Prints one JSON line: files, words and messages.
import {readFile, readdir, stat} from 'node:fs/promises'
import {join} from 'node:path'
import {unified} from 'unified'
import retextEnglish from 'retext-english'
import retextReadability from 'retext-readability'
import retextSimplify from 'retext-simplify'
import retextPassive from 'retext-passive'
import retextStringify from 'retext-stringify'

const processor = unified()
  .use(retextEnglish)
  .use(retextReadability)
  .use(retextSimplify)
  .use(retextPassive)
  .use(retextStringify)

async function filesOf(path) {
  if (!(await stat(path)).isDirectory()) return [path]
  const names = (await readdir(path)).filter((n) => /\.(md|txt)$/i.test(n)).sort()
  return names.map((n) => join(path, n))
}

let files = 0
let words = 0
let messages = 0
for (const arg of process.argv.slice(2)) {
  for (const file of await filesOf(arg)) {
    const text = await readFile(file, 'utf8')
    const result = await processor.process(text)
    files += 1
    words += (text.match(/\S+/g) || []).length
    messages += result.messages.length
  }
}
console.log(JSON.stringify({files, words, messages}))
