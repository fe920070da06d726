// A nest where an expression goes (here a `return` value) matches the
// code there holding what it names, and may change it.
@@
struct platform_device *pdev;
@@
  return <+...
- dev_get_drvdata(&pdev->dev)
+ platform_get_drvdata(pdev)
  ...+>;
