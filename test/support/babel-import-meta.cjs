/**
 * Jest runs the relay as CommonJS; Node runs it as ES modules. This Babel plugin rewrites the
 * few `import.meta` properties the code uses into their CommonJS equivalents.
 */
module.exports = function importMetaToCommonJs({ types: t }) {
  return {
    name: 'import-meta-to-commonjs',
    visitor: {
      MemberExpression(path) {
        const { object, property } = path.node;
        if (!t.isMetaProperty(object) || object.meta.name !== 'import') return;
        const name = t.isIdentifier(property) ? property.name : undefined;
        if (name === 'dirname') path.replaceWith(t.identifier('__dirname'));
        else if (name === 'filename') path.replaceWith(t.identifier('__filename'));
        else if (name === 'url')
          path.replaceWith(
            t.memberExpression(
              t.callExpression(
                t.memberExpression(
                  t.callExpression(t.identifier('require'), [t.stringLiteral('node:url')]),
                  t.identifier('pathToFileURL'),
                ),
                [t.identifier('__filename')],
              ),
              t.identifier('href'),
            ),
          );
      },
    },
  };
};
